import LangfarmCore
import LangfarmStore
import PostgresNIO

/// What each trace's observations add up to (`TraceAggregates`), kept in `trace_aggregates` so
/// that trace lists sort and filter by cost, tokens, latency and levels without reading the
/// observations. The projection refreshes the rows of the traces it touched in its write step,
/// under the projection lock, so no two refreshes race.
///
/// A row is keyed by trace id whether or not the trace has a row yet (observations may come
/// first); a trace without an aggregates row, or whose row counts no observation, reads as
/// `TraceAggregates.empty`.
enum PostgresTraceAggregates {
    /// `LEFT JOIN` of a trace `t`'s aggregates as `a`. Unused, PostgreSQL drops the join (the
    /// key is unique), so lists that neither filter, sort nor read aggregates skip it.
    static let join = "LEFT JOIN trace_aggregates a ON a.project_id = t.project_id AND a.trace_id = t.id"

    /// An aggregate of `a` as a trace without a row has it: zero.
    static func expression(_ column: String) -> String {
        "COALESCE(a.\(column), 0)"
    }

    /// The aggregate columns of `a`, read by `aggregates(_:from:)` in this order.
    static let columns = """
        COALESCE(a.observation_count, 0), COALESCE(a.debug_count, 0), COALESCE(a.default_count, 0),
        COALESCE(a.warning_count, 0), COALESCE(a.error_count, 0), COALESCE(a.input_tokens, 0), COALESCE(a.output_tokens, 0),
        COALESCE(a.total_tokens, 0), COALESCE(a.input_cost, 0)::float8, COALESCE(a.output_cost, 0)::float8,
        COALESCE(a.total_cost, 0)::float8, a.latency_ms
        """

    static let columnCount = 12

    /// The aggregates read from `columns`, which start at `first` in `row`.
    static func aggregates(_ row: PostgresRandomAccessRow, from first: Int) throws -> TraceAggregates {
        func int(_ offset: Int) throws -> Int { Int(try row[first + offset].decode(Int64.self)) }
        func double(_ offset: Int) throws -> Double { try row[first + offset].decode(Double.self) }
        return TraceAggregates(
            observationCount: try int(0),
            levelCounts: LevelCounts(debug: try int(1), default: try int(2), warning: try int(3), error: try int(4)),
            inputTokens: try double(5), outputTokens: try double(6), totalTokens: try double(7),
            inputCost: try double(8), outputCost: try double(9), totalCost: try double(10),
            latencyMillis: try row[first + 11].decode(Int64?.self)
        )
    }

    /// Recomputes the aggregates of the traces `(project_id, trace_id)` from their observations,
    /// in one statement. Costs are summed as `numeric`: the sum of exact decimal costs reads
    /// back as the decimal (0.00875, not 0.008749999999999999), as SQLite's rounded sums do.
    /// Latency is Langfuse's: the earliest start to the latest start or end.
    static func refresh(_ traces: Set<TraceKey>) -> PostgresQuery {
        let keys = traces.sorted { ($0.projectId, $0.traceId) < ($1.projectId, $1.traceId) }
        let fragment: BoundSQL = """
            INSERT INTO trace_aggregates (project_id, trace_id, observation_count, debug_count, default_count, warning_count,
                error_count, input_tokens, output_tokens, total_tokens, input_cost, output_cost, total_cost, latency_ms)
            SELECT touched.project_id, touched.trace_id, COUNT(o.id),
                COUNT(*) FILTER (WHERE o.level = 'DEBUG'), COUNT(*) FILTER (WHERE o.level = 'DEFAULT'),
                COUNT(*) FILTER (WHERE o.level = 'WARNING'), COUNT(*) FILTER (WHERE o.level = 'ERROR'),
                COALESCE(SUM(o.input_tokens), 0), COALESCE(SUM(o.output_tokens), 0), COALESCE(SUM(o.total_tokens), 0),
                COALESCE(SUM(o.input_cost::numeric), 0), COALESCE(SUM(o.output_cost::numeric), 0), COALESCE(SUM(o.total_cost), 0),
                MAX(GREATEST(o.start_time, COALESCE(o.end_time, o.start_time))) - MIN(o.start_time)
            FROM unnest(\(keys.map(\.projectId))::text[], \(keys.map(\.traceId))::text[]) AS touched (project_id, trace_id)
            LEFT JOIN observations o ON o.project_id = touched.project_id AND o.trace_id = touched.trace_id
            GROUP BY touched.project_id, touched.trace_id
            ON CONFLICT (project_id, trace_id) DO UPDATE SET
                observation_count = excluded.observation_count, debug_count = excluded.debug_count,
                default_count = excluded.default_count, warning_count = excluded.warning_count, error_count = excluded.error_count,
                input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, total_tokens = excluded.total_tokens,
                input_cost = excluded.input_cost, output_cost = excluded.output_cost, total_cost = excluded.total_cost,
                latency_ms = excluded.latency_ms
            """
        return fragment.query
    }
}

/// A trace of a project, by id: what the projection touched.
struct TraceKey: Hashable {
    let projectId: String
    let traceId: String
}
