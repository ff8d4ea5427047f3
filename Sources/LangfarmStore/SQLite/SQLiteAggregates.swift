import GRDB
import LangfarmCore

/// The per-trace aggregate columns of `traces`, computed from the trace's observations.
enum SQLiteAggregates {
    static let columns = """
        observation_count, debug_count, default_count, warning_count, error_count, input_tokens, output_tokens,
        total_tokens, input_cost, output_cost, total_cost, latency_ms
        """

    /// The aggregates of a trace's observations (`?1` project, `?2` trace), as one row in
    /// `columns` order. Cost sums are rounded to 12 decimals, below any price's precision, so
    /// that a sum of exact decimal costs reads back as the decimal (0.00875, not
    /// 0.008749999999999999) and filters compare with it.
    static let computation = """
        SELECT COUNT(*),
            COALESCE(SUM(level = 'DEBUG'), 0), COALESCE(SUM(level = 'DEFAULT'), 0),
            COALESCE(SUM(level = 'WARNING'), 0), COALESCE(SUM(level = 'ERROR'), 0),
            TOTAL(input_tokens), TOTAL(output_tokens), TOTAL(total_tokens),
            ROUND(TOTAL(input_cost), 12), ROUND(TOTAL(output_cost), 12), ROUND(TOTAL(total_cost_value), 12),
            MAX(MAX(start_time, COALESCE(end_time, start_time))) - MIN(start_time),
            MIN(start_time), MAX(MAX(start_time, COALESCE(end_time, start_time)))
        FROM observations INDEXED BY observations_by_trace WHERE project_id = ?1 AND trace_id = ?2
        """

    /// Recomputes the aggregate columns of one trace row (`?1` project, `?2` trace) from its
    /// observations in one statement, with the span of their times that `add` extends; a
    /// trace without a row is left alone. It reads every observation of the trace.
    static let refresh = """
        UPDATE traces SET (\(columns), observations_start, observations_end) = (\(computation)) WHERE project_id = ?1 AND id = ?2
        """

    /// Adds what observations written since contributed (`arguments(_:projectId:traceId:)`) to a
    /// trace's aggregates without reading its observations, so a trace that gains one more
    /// costs the same however many it has. Applies only to a row `refresh` has filled since
    /// the span columns exist (`observations_start` set); `changesCount` 0 says to refresh.
    /// Every expression reads the row as it was, so the latency takes the widened span.
    static let add = """
        UPDATE traces SET
            observation_count = observation_count + ?3, debug_count = debug_count + ?4, default_count = default_count + ?5,
            warning_count = warning_count + ?6, error_count = error_count + ?7,
            input_tokens = input_tokens + ?8, output_tokens = output_tokens + ?9, total_tokens = total_tokens + ?10,
            input_cost = ROUND(input_cost + ?11, 12), output_cost = ROUND(output_cost + ?12, 12), total_cost = ROUND(total_cost + ?13, 12),
            observations_start = MIN(observations_start, ?14), observations_end = MAX(observations_end, ?15),
            latency_ms = MAX(observations_end, ?15) - MIN(observations_start, ?14)
        WHERE project_id = ?1 AND id = ?2 AND observations_start IS NOT NULL
        """

    /// The arguments of `add` for a trace.
    static func arguments(_ delta: TraceAggregateDelta, projectId: String, traceId: String) -> StatementArguments {
        [
            projectId, traceId, delta.count, delta.count(of: "DEBUG"), delta.count(of: "DEFAULT"), delta.count(of: "WARNING"),
            delta.count(of: "ERROR"), delta.inputTokens, delta.outputTokens, delta.totalTokens, delta.inputCost, delta.outputCost,
            delta.totalCost, delta.start, delta.end,
        ]
    }

    /// Reads the aggregate columns of a row by name.
    static func aggregates(_ row: Row) -> TraceAggregates {
        TraceAggregates(
            observationCount: row["observation_count"],
            levelCounts: LevelCounts(
                debug: row["debug_count"], default: row["default_count"], warning: row["warning_count"], error: row["error_count"]
            ),
            inputTokens: row["input_tokens"], outputTokens: row["output_tokens"], totalTokens: row["total_tokens"],
            inputCost: row["input_cost"], outputCost: row["output_cost"], totalCost: row["total_cost"], latencyMillis: row["latency_ms"]
        )
    }
}
