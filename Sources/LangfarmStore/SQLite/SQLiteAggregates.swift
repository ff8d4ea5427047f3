import GRDB
import LangfarmCore

/// The per-trace aggregate columns of `traces`, computed from the trace's observations.
enum SQLiteAggregates {
    static let columns = """
        observation_count, debug_count, default_count, warning_count, error_count, input_tokens, output_tokens,
        total_tokens, input_cost, output_cost, total_cost, latency_ms
        """

    static let update = """
        UPDATE traces SET observation_count = ?, debug_count = ?, default_count = ?, warning_count = ?, error_count = ?,
            input_tokens = ?, output_tokens = ?, total_tokens = ?, input_cost = ?, output_cost = ?, total_cost = ?, latency_ms = ?
        WHERE project_id = ? AND id = ?
        """

    /// Adds up a trace's observations (through `observations_by_trace`). Cost sums are rounded
    /// to 12 decimals, below any price's precision, so that a sum of exact decimal costs reads
    /// back as the decimal (0.00875, not 0.008749999999999999) and filters compare with it.
    static func compute(projectId: String, traceId: String, in db: Database) throws -> TraceAggregates {
        let values = try SQLiteRowWriter.firstRow(
            of: db.cachedStatement(sql: """
                SELECT COUNT(*) AS observation_count,
                    COALESCE(SUM(level = 'DEBUG'), 0) AS debug_count, COALESCE(SUM(level = 'DEFAULT'), 0) AS default_count,
                    COALESCE(SUM(level = 'WARNING'), 0) AS warning_count, COALESCE(SUM(level = 'ERROR'), 0) AS error_count,
                    TOTAL(input_tokens) AS input_tokens, TOTAL(output_tokens) AS output_tokens, TOTAL(total_tokens) AS total_tokens,
                    ROUND(TOTAL(input_cost), 12) AS input_cost, ROUND(TOTAL(output_cost), 12) AS output_cost,
                    ROUND(TOTAL(total_cost_value), 12) AS total_cost,
                    MAX(MAX(start_time, COALESCE(end_time, start_time))) - MIN(start_time) AS latency_ms
                FROM observations WHERE project_id = ? AND trace_id = ?
                """),
            arguments: [projectId, traceId]
        )
        return values.map(aggregates) ?? .empty
    }

    /// Reads the aggregate columns, in `columns` order (a row of `traces` or of `compute`).
    static func aggregates(_ values: [DatabaseValue]) -> TraceAggregates {
        func number<Value: DatabaseValueConvertible>(_ index: Int) -> Value? { Value.fromDatabaseValue(values[index]) }
        return TraceAggregates(
            observationCount: number(0) ?? 0,
            levelCounts: LevelCounts(debug: number(1) ?? 0, default: number(2) ?? 0, warning: number(3) ?? 0, error: number(4) ?? 0),
            inputTokens: number(5) ?? 0, outputTokens: number(6) ?? 0, totalTokens: number(7) ?? 0, inputCost: number(8) ?? 0,
            outputCost: number(9) ?? 0, totalCost: number(10) ?? 0, latencyMillis: number(11)
        )
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

    static func arguments(_ aggregates: TraceAggregates) -> StatementArguments {
        [
            aggregates.observationCount, aggregates.levelCounts.debug, aggregates.levelCounts.default,
            aggregates.levelCounts.warning, aggregates.levelCounts.error, aggregates.inputTokens, aggregates.outputTokens,
            aggregates.totalTokens, aggregates.inputCost, aggregates.outputCost, aggregates.totalCost, aggregates.latencyMillis,
        ]
    }
}
