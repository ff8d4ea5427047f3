import Foundation
import GRDB
import LangfarmCore

/// The observation rollups, hourly (`observation_rollups`) and daily (`observation_day_rollups`,
/// keyed by the day's first hour): applies a transaction's changes and reads rows back.
enum SQLiteRollups {
    static let keyColumns = "project_id, hour, environment, type, name, model, level"
    static let measureColumns = """
        count, input_tokens, output_tokens, total_tokens, input_cost, output_cost, total_cost, total_cost_count,
        latency_sum, latency_count, latency_sketch, time_to_first_token_sum, time_to_first_token_count, time_to_first_token_sketch
        """
    static let tables = (hourly: "observation_rollups", daily: "observation_day_rollups")

    /// Adds each change to its hourly and its daily row, removing rows that no observation is
    /// left in.
    static func apply(_ deltas: RollupDeltas<ObservationRollupKey, RollupMeasures>, in db: Database) throws {
        var daily: [ObservationRollupKey: RollupMeasures] = [:]
        for (key, change) in deltas.changes { daily[key.day, default: RollupMeasures()].merge(change) }
        try apply(deltas.changes, to: tables.hourly, in: db)
        try apply(daily, to: tables.daily, in: db)
    }

    /// Adds each change to its row of `table`.
    static func apply(_ changes: [ObservationRollupKey: RollupMeasures], to table: String, in db: Database) throws {
        for (key, change) in changes {
            let keyValues = ([key.projectId, key.hour, key.environment, key.type, key.name, key.model, key.level] as [any DatabaseValueConvertible])
                .map(\.databaseValue)
            let keyArguments = StatementArguments(keyValues)
            let match = "project_id = ? AND hour = ? AND environment = ? AND type = ? AND name = ? AND model = ? AND level = ?"
            var measures = try SQLiteRowWriter.firstRow(
                of: db.cachedStatement(sql: "SELECT \(measureColumns) FROM \(table) WHERE \(match)"), binding: keyValues
            ).map(self.measures) ?? RollupMeasures()
            measures.merge(change)
            if measures.isEmpty {
                try db.cachedStatement(sql: "DELETE FROM \(table) WHERE \(match)").execute(arguments: keyArguments)
            } else {
                try db.cachedStatement(sql: "INSERT OR REPLACE INTO \(table) (\(keyColumns), \(measureColumns)) VALUES (\(SQLFragment.placeholders(21)))")
                    .execute(arguments: keyArguments + arguments(measures))
            }
        }
    }

    /// Fills the daily rows from the hourly ones (migration v14).
    static func fillDailyFromHourly(in db: Database) throws {
        var days: [ObservationRollupKey: RollupMeasures] = [:]
        let hours = try Row.fetchCursor(db, sql: "SELECT \(keyColumns), \(measureColumns) FROM \(tables.hourly)")
        while let row = try hours.next() {
            let values: [DatabaseValue] = (0..<21).map { row[$0] }
            let key = ObservationRollupKey(
                projectId: String.fromDatabaseValue(values[0]) ?? "", hour: Int64.fromDatabaseValue(values[1]) ?? 0,
                environment: String.fromDatabaseValue(values[2]) ?? "", type: String.fromDatabaseValue(values[3]) ?? "",
                name: String.fromDatabaseValue(values[4]) ?? "", model: String.fromDatabaseValue(values[5]) ?? "",
                level: String.fromDatabaseValue(values[6]) ?? ""
            )
            days[key.day, default: RollupMeasures()].merge(measures(Array(values[7...])))
        }
        try apply(days, to: tables.daily, in: db)
    }

    /// Reads the `measureColumns` of a rollup row, in order.
    static func measures(_ values: [DatabaseValue]) -> RollupMeasures {
        func value<Value: DatabaseValueConvertible>(_ index: Int) -> Value? { Value.fromDatabaseValue(values[index]) }
        func sketch(_ index: Int) -> LogSketch { LogSketch(encoded: value(index) ?? Data()) ?? LogSketch() }
        var measures = RollupMeasures()
        measures.count = value(0) ?? 0
        measures.inputTokens = value(1) ?? 0
        measures.outputTokens = value(2) ?? 0
        measures.totalTokens = value(3) ?? 0
        measures.inputCost = value(4) ?? 0
        measures.outputCost = value(5) ?? 0
        measures.totalCost = value(6) ?? 0
        measures.totalCostCount = value(7) ?? 0
        measures.latencySum = value(8) ?? 0
        measures.latencyCount = value(9) ?? 0
        measures.latency = sketch(10)
        measures.timeToFirstTokenSum = value(11) ?? 0
        measures.timeToFirstTokenCount = value(12) ?? 0
        measures.timeToFirstToken = sketch(13)
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
