import Metrics

/// What the relay reports through swift-metrics: how far behind the store it is, and what
/// became of the changes it handled.
struct RelayMetrics: Sendable {
    let depth: Gauge
    let lag: Gauge
    let published: Counter
    let deadLettered: Counter
    /// Changes that needed no message of their own: read back after a later change of the
    /// same row, whose message carries the newer state.
    let superseded: Counter
    let failedAttempts: Counter

    init(factory: any MetricsFactory) {
        depth = Gauge(label: "langfarm_outbox_depth", factory: factory)
        lag = Gauge(label: "langfarm_relay_lag_seconds", factory: factory)
        published = Counter(label: "langfarm_relay_changes_total", dimensions: [("outcome", "published")], factory: factory)
        deadLettered = Counter(label: "langfarm_relay_changes_total", dimensions: [("outcome", "dead_lettered")], factory: factory)
        superseded = Counter(label: "langfarm_relay_changes_total", dimensions: [("outcome", "superseded")], factory: factory)
        failedAttempts = Counter(label: "langfarm_relay_failed_attempts_total", factory: factory)
    }
}
