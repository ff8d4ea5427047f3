import LangfarmCore

/// The `observations` view over the per-user rollups (`SQLiteUserRollups`): one of the two
/// tables, hourly or daily, whose `hour` is the hour the row's period starts.
struct SQLiteUserRollupMetrics: SQLiteRollupSource {
    let table: String

    static let hourly = SQLiteUserRollupMetrics(table: "user_hour_rollups")
    static let daily = SQLiteUserRollupMetrics(table: "user_day_rollups")

    func column(_ field: ObservationField) throws -> MetricsSourceColumn {
        switch field {
        case .environment: .text("r.environment")
        case .userId: .text("r.user_id")
        case .startTimeMonth: .calendar(.month, ofMillis: "(r.hour * \(ObservationRollupKey.hourMillis))", in: SQLiteDialect())
        default: throw StoreError("the per-user rollups do not hold '\(field.rawValue)'; the planner reads rows for it")
        }
    }

    func column(_ part: PartialPart, of measure: ObservationMeasure) throws -> String {
        guard let column = SQLiteObservationRollupMetrics.summedColumns(of: measure)?[part] else {
            throw StoreError("the per-user rollups do not hold the \(part.rawValue) of '\(measure.rawValue)'; the planner reads rows for it")
        }
        return column
    }
}
