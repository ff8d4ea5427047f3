import Metrics

/// What the write path reports through swift-metrics: events accepted and refused, and how long
/// a request waits for its commit (the acknowledgement latency that group commit shapes).
struct IngestionMetrics: Sendable {
    let accepted: Counter
    let rejected: Counter
    let commitDuration: Metrics.Timer

    init(factory: any MetricsFactory) {
        accepted = Counter(label: "langfarm_ingestion_events_total", dimensions: [("outcome", "accepted")], factory: factory)
        rejected = Counter(label: "langfarm_ingestion_events_total", dimensions: [("outcome", "rejected")], factory: factory)
        commitDuration = Metrics.Timer(label: "langfarm_ingestion_commit_seconds", factory: factory)
    }
}
