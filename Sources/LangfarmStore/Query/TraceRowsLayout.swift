import LangfarmCore

/// How a store keeps what trace filters and the traces metrics view read beyond the trace row
/// `t`: its aggregates, and the ways to test its tags and metadata (SQLite through lookup
/// tables, PostgreSQL on the row).
package protocol TraceRowsLayout: Sendable {
    /// An aggregate of the trace; a trace without observations has no latency and zero of
    /// the others.
    func aggregate(_ column: TraceAggregateColumn) -> String
    /// `any of`, `all of` and `none of` a set of tags, and a `null` filter: no tags at all.
    func tags(_ condition: FilterCondition<TraceColumn>) -> BoundSQL
    func metadata(_ condition: FilterCondition<TraceColumn>) -> BoundSQL
    /// The tables a metrics scan of traces reads (`traces t` and what it joins).
    func metricsTables(_ scan: MetricsScan<TraceField, TraceMeasure>) -> String
}
