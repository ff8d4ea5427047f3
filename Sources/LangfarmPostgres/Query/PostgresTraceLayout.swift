import LangfarmCore
import LangfarmStore

/// The traces of the PostgreSQL store: aggregates come from `trace_aggregates`, joined as `a`
/// (`PostgresTraceAggregates`); there are no lookup tables, so tags are tested on the row's
/// array and metadata on the row's JSON.
struct PostgresTraceLayout: TraceRowsLayout {
    private var filters: FilterSQL { FilterSQL(PostgresDialect()) }

    /// Latency as the row has it (none without observations); the others as a trace without
    /// an aggregates row has them, zero.
    func aggregate(_ column: TraceAggregateColumn) -> String {
        column == .latency ? "a.latency_ms" : PostgresTraceAggregates.expression(column.rawValue)
    }

    func tags(_ condition: FilterCondition<TraceColumn>) -> BoundSQL {
        filters.tags(condition, of: "t.tags")
    }

    func metadata(_ condition: FilterCondition<TraceColumn>) -> BoundSQL {
        filters.metadata(condition, of: "t.metadata")
    }

    func metricsTables(_ scan: MetricsScan<TraceField, TraceMeasure>) -> String {
        "traces t \(PostgresTraceAggregates.join)"
    }
}
