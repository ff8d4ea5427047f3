import Foundation
import GRDB
import LangfarmCore

/// The hourly observation rollups (`observation_rollups`): applies a transaction's changes and
/// reads rows back for the metrics engine.
enum SQLiteRollups {
    static let keyColumns = "project_id, hour, environment, type, name, model, level"
    static let measureColumns = """
        count, input_tokens, output_tokens, total_tokens, input_cost, output_cost, total_cost, total_cost_count,
        latency_sum, latency_count, latency_sketch, time_to_first_token_sum, time_to_first_token_count, time_to_first_token_sketch
        """

    /// Adds each change to its row, removing rows that no observation is left in.
    static func apply(_ deltas: RollupDeltas, in db: Database) throws {
        for (key, change) in deltas.changes {
            let keyArguments: StatementArguments = [key.projectId, key.hour, key.environment, key.type, key.name, key.model, key.level]
            var measures = try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT \(measureColumns) FROM observation_rollups
                    WHERE project_id = ? AND hour = ? AND environment = ? AND type = ? AND name = ? AND model = ? AND level = ?
                    """),
                arguments: keyArguments
            ).map(self.measures) ?? RollupMeasures()
            measures.merge(change)
            if measures.isEmpty {
                try db.cachedStatement(sql: """
                    DELETE FROM observation_rollups
                    WHERE project_id = ? AND hour = ? AND environment = ? AND type = ? AND name = ? AND model = ? AND level = ?
                    """).execute(arguments: keyArguments)
            } else {
                try db.cachedStatement(sql: "INSERT OR REPLACE INTO observation_rollups (\(keyColumns), \(measureColumns)) VALUES (\(Array(repeating: "?", count: 21).joined(separator: ", ")))")
                    .execute(arguments: keyArguments + arguments(measures))
            }
        }
    }

    static func measures(_ row: Row) -> RollupMeasures {
        var measures = RollupMeasures()
        measures.count = row["count"]
        measures.inputTokens = row["input_tokens"]
        measures.outputTokens = row["output_tokens"]
        measures.totalTokens = row["total_tokens"]
        measures.inputCost = row["input_cost"]
        measures.outputCost = row["output_cost"]
        measures.totalCost = row["total_cost"]
        measures.totalCostCount = row["total_cost_count"]
        measures.latencySum = row["latency_sum"]
        measures.latencyCount = row["latency_count"]
        measures.latency = LogSketch(encoded: (row["latency_sketch"] as Data?) ?? Data()) ?? LogSketch()
        measures.timeToFirstTokenSum = row["time_to_first_token_sum"]
        measures.timeToFirstTokenCount = row["time_to_first_token_count"]
        measures.timeToFirstToken = LogSketch(encoded: (row["time_to_first_token_sketch"] as Data?) ?? Data()) ?? LogSketch()
        return measures
    }

    private static func arguments(_ measures: RollupMeasures) -> StatementArguments {
        [
            measures.count, measures.inputTokens, measures.outputTokens, measures.totalTokens, measures.inputCost,
            measures.outputCost, measures.totalCost, measures.totalCostCount, measures.latencySum, measures.latencyCount,
            Data(measures.latency.encoded), measures.timeToFirstTokenSum, measures.timeToFirstTokenCount,
            Data(measures.timeToFirstToken.encoded),
        ]
    }
}
