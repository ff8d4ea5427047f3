import LangfarmCore

/// The `observations` view over the per-user rollups (`SQLiteUserRollups`): one of the two
/// tables, hourly or daily, whose `hour` is the hour the row's period starts.
struct SQLiteUserRollupMetrics: SQLiteRollupSource {
    let table: String

    static let hourly = SQLiteUserRollupMetrics(table: "user_hour_rollups")
    static let daily = SQLiteUserRollupMetrics(table: "user_day_rollups")

    /// Which table reads which part of a window of whole hours: the whole UTC days from the
    /// daily rows, the hours before the first and after the last from the hourly ones. A
    /// series by hour reads hourly rows throughout.
    static func parts(of window: TimeWindow, bucket: TimeGranularity?) -> [(SQLiteUserRollupMetrics, TimeWindow)] {
        let hour = ObservationRollupKey.hourMillis
        let first = ObservationRollupKey.hour(of: window.from), last = ObservationRollupKey.hour(of: window.to)
        let firstDay = UserRollupKey.dayStart(of: first + 23), endDay = UserRollupKey.dayStart(of: last + 1)
        guard bucket != .hour, firstDay < endDay else { return [(hourly, window)] }
        return [
            (hourly, TimeWindow(from: window.from, to: firstDay * hour - 1)),
            (daily, TimeWindow(from: firstDay * hour, to: endDay * hour - 1)),
            (hourly, TimeWindow(from: endDay * hour, to: window.to)),
        ].filter { !$0.1.isEmpty }
    }

    func column(_ field: ObservationField) throws -> SQLiteMetricsColumn {
        switch field {
        case .environment: .text("r.environment")
        case .userId: .text("r.user_id")
        case .startTimeMonth: .calendar("%Y-%m", ofMillis: "(r.hour * \(ObservationRollupKey.hourMillis))")
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
