import LangfarmStore
import Metrics

/// What the retention job reports through swift-metrics: rows expired per kind, and free pages
/// given back to the file system.
struct RetentionMetrics: Sendable {
    let traces: Counter
    let observations: Counter
    let scores: Counter
    let reclaimedPages: Counter
    let failures: Counter

    init(factory: any MetricsFactory) {
        traces = Counter(label: "langfarm_retention_expired_total", dimensions: [("kind", "trace")], factory: factory)
        observations = Counter(label: "langfarm_retention_expired_total", dimensions: [("kind", "observation")], factory: factory)
        scores = Counter(label: "langfarm_retention_expired_total", dimensions: [("kind", "score")], factory: factory)
        reclaimedPages = Counter(label: "langfarm_retention_reclaimed_pages_total", factory: factory)
        failures = Counter(label: "langfarm_retention_failures_total", factory: factory)
    }

    func record(_ expired: ExpiredRows) {
        traces.increment(by: expired.traces)
        observations.increment(by: expired.observations)
        scores.increment(by: expired.scores)
    }
}
