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
    /// in one statement, with the span of their times that `add` extends. Costs are summed as
    /// `numeric` and rounded to 12 decimals, below any price's precision, as SQLite's sums are:
    /// the sum of exact decimal costs reads back as the decimal (0.00875, not
    /// 0.008749999999999999), and a sum `add` made reads the same. Latency is Langfuse's: the
    /// earliest start to the latest start or end.
    static func refresh(_ traces: Set<TraceKey>) -> PostgresQuery {
        let keys = traces.sorted { ($0.projectId, $0.traceId) < ($1.projectId, $1.traceId) }
        let fragment: BoundSQL = """
            INSERT INTO trace_aggregates (project_id, trace_id, observation_count, debug_count, default_count, warning_count,
                error_count, input_tokens, output_tokens, total_tokens, input_cost, output_cost, total_cost, latency_ms,
                observations_start, observations_end)
            SELECT touched.project_id, touched.trace_id, COUNT(o.id),
                COUNT(*) FILTER (WHERE o.level = 'DEBUG'), COUNT(*) FILTER (WHERE o.level = 'DEFAULT'),
                COUNT(*) FILTER (WHERE o.level = 'WARNING'), COUNT(*) FILTER (WHERE o.level = 'ERROR'),
                COALESCE(SUM(o.input_tokens), 0), COALESCE(SUM(o.output_tokens), 0), COALESCE(SUM(o.total_tokens), 0),
                round(COALESCE(SUM(o.input_cost::numeric), 0), 12), round(COALESCE(SUM(o.output_cost::numeric), 0), 12),
                round(COALESCE(SUM(o.total_cost), 0), 12),
                MAX(GREATEST(o.start_time, COALESCE(o.end_time, o.start_time))) - MIN(o.start_time),
                MIN(o.start_time), MAX(GREATEST(o.start_time, COALESCE(o.end_time, o.start_time)))
            FROM unnest(\(keys.map(\.projectId))::text[], \(keys.map(\.traceId))::text[]) AS touched (project_id, trace_id)
            LEFT JOIN observations o ON o.project_id = touched.project_id AND o.trace_id = touched.trace_id
            GROUP BY touched.project_id, touched.trace_id
            ON CONFLICT (project_id, trace_id) DO UPDATE SET
                observation_count = excluded.observation_count, debug_count = excluded.debug_count,
                default_count = excluded.default_count, warning_count = excluded.warning_count, error_count = excluded.error_count,
                input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, total_tokens = excluded.total_tokens,
                input_cost = excluded.input_cost, output_cost = excluded.output_cost, total_cost = excluded.total_cost,
                latency_ms = excluded.latency_ms, observations_start = excluded.observations_start,
                observations_end = excluded.observations_end
            """
        return fragment.query
    }

    /// Adds what the observations written since contributed to the traces' stored aggregates,
    /// without reading their observations, so a trace that gains one more costs the same however
    /// many it has. Only rows `refresh` gave a span are added to; the statement returns the
    /// `(project_id, trace_id)` it updated, and the others are to be refreshed. Every expression
    /// reads the row as it was, so the latency takes the widened span.
    static func add(_ deltas: [TraceKey: TraceAggregateDelta]) -> PostgresQuery {
        let entries = deltas.sorted { ($0.key.projectId, $0.key.traceId) < ($1.key.projectId, $1.key.traceId) }
        var batch = PostgresRowBatch(table: "delta")
        batch.add("project_id", "text", entries.map(\.key.projectId))
        batch.add("trace_id", "text", entries.map(\.key.traceId))
        batch.add("observation_count", "bigint", entries.map { Int64($0.value.count) })
        for level in ["DEBUG", "DEFAULT", "WARNING", "ERROR"] {
            batch.add("\(level.lowercased())_count", "bigint", entries.map { Int64($0.value.count(of: level)) })
        }
        batch.add("input_tokens", "double precision", entries.map(\.value.inputTokens))
        batch.add("output_tokens", "double precision", entries.map(\.value.outputTokens))
        batch.add("total_tokens", "double precision", entries.map(\.value.totalTokens))
        batch.add("input_cost", "double precision", entries.map(\.value.inputCost))
        batch.add("output_cost", "double precision", entries.map(\.value.outputCost))
        batch.add("total_cost", "double precision", entries.map(\.value.totalCost))
        batch.add("observations_start", "bigint", entries.map(\.value.start))
        batch.add("observations_end", "bigint", entries.map(\.value.end))
        return PostgresRowBatch.query(joining: [("d", batch)]) { relations in
            """
            UPDATE trace_aggregates a SET
                observation_count = a.observation_count + d.observation_count, debug_count = a.debug_count + d.debug_count,
                default_count = a.default_count + d.default_count, warning_count = a.warning_count + d.warning_count,
                error_count = a.error_count + d.error_count, input_tokens = a.input_tokens + d.input_tokens,
                output_tokens = a.output_tokens + d.output_tokens, total_tokens = a.total_tokens + d.total_tokens,
                input_cost = round(a.input_cost + d.input_cost::numeric, 12), output_cost = round(a.output_cost + d.output_cost::numeric, 12),
                total_cost = round(a.total_cost + d.total_cost::numeric, 12),
                observations_start = LEAST(a.observations_start, d.observations_start),
                observations_end = GREATEST(a.observations_end, d.observations_end),
                latency_ms = GREATEST(a.observations_end, d.observations_end) - LEAST(a.observations_start, d.observations_start)
            FROM \(relations[0])
            WHERE a.project_id = d.project_id AND a.trace_id = d.trace_id AND a.observations_start IS NOT NULL
            RETURNING a.project_id, a.trace_id
            """
        }
    }
}
