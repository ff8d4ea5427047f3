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
            MAX(MAX(start_time, COALESCE(end_time, start_time))) - MIN(start_time)
        FROM observations INDEXED BY observations_by_trace WHERE project_id = ?1 AND trace_id = ?2
        """

    /// Recomputes the aggregate columns of one trace row (`?1` project, `?2` trace) from its
    /// observations in one statement; a trace without a row is left alone.
    static let refresh = "UPDATE traces SET (\(columns)) = (\(computation)) WHERE project_id = ?1 AND id = ?2"

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
