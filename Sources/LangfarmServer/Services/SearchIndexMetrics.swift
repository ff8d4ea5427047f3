import Metrics

/// What the search indexer reports through swift-metrics: what it indexed, and how many traces
/// wait (searches check those row by row, so a long backlog makes searches slower).
struct SearchIndexMetrics: Sendable {
    /// Traces taken off the backlog.
    let traces: Counter
    /// Index documents written or removed (the other traces' words had not changed).
    let documents: Counter
    let backlog: Gauge
    /// How long ago the longest-waiting trace changed.
    let backlogAge: Gauge
    let failures: Counter

    init(factory: any MetricsFactory) {
        traces = Counter(label: "langfarm_search_indexed_traces_total", factory: factory)
        documents = Counter(label: "langfarm_search_indexed_documents_total", factory: factory)
        backlog = Gauge(label: "langfarm_search_backlog_traces", factory: factory)
        backlogAge = Gauge(label: "langfarm_search_backlog_age_seconds", factory: factory)
        failures = Counter(label: "langfarm_search_index_failures_total", factory: factory)
    }
}
