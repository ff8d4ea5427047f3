import Foundation
import GRDB
import LangfarmCore

/// The `observations` view over the rollups: the sums and sketches of the observations that
/// share an hour (`observation_rollups`) or a UTC day (`observation_day_rollups`) and a rollup key.
struct SQLiteObservationRollupMetrics: SQLiteRollupSource {
    let table: String

    static let hourly = SQLiteObservationRollupMetrics(table: "observation_rollups")
    static let daily = SQLiteObservationRollupMetrics(table: "observation_day_rollups")

    func column(_ field: ObservationField) throws -> MetricsSourceColumn {
        switch field {
        case .environment: .text("r.environment")
        case .type: .text("r.type", emptyIsAbsent: false)
        case .name: .text("r.name")
        case .level: .text("r.level", emptyIsAbsent: false)
        case .providedModelName: .text("r.model")
        case .startTimeMonth: .calendar(.month, ofMillis: "(r.hour * \(ObservationRollupKey.hourMillis))", in: SQLiteDialect())
        default: throw StoreError("the observation rollups do not hold '\(field.rawValue)'; the planner reads rows for it")
        }
    }

    /// The columns of the sums every observation rollup keeps (`ObservationSums`), which the
    /// per-user rollups name alike.
    static func summedColumns(of measure: ObservationMeasure) -> [PartialPart: String]? {
        switch measure {
        case .count: [.count: "count", .sum: "count"]
        case .inputTokens: [.count: "count", .sum: "input_tokens"]
        case .outputTokens: [.count: "count", .sum: "output_tokens"]
        case .totalTokens: [.count: "count", .sum: "total_tokens"]
        case .inputCost: [.count: "count", .sum: "input_cost"]
        case .outputCost: [.count: "count", .sum: "output_cost"]
        case .totalCost: [.count: "total_cost_count", .sum: "total_cost"]
        default: nil
        }
    }

    func column(_ part: PartialPart, of measure: ObservationMeasure) throws -> String {
        let columns: [PartialPart: String]? = switch measure {
        case .latency: [.count: "latency_count", .sum: "latency_sum", .distribution: "latency_sketch"]
        case .timeToFirstToken: [.count: "time_to_first_token_count", .sum: "time_to_first_token_sum", .distribution: "time_to_first_token_sketch"]
        default: Self.summedColumns(of: measure)
        }
        guard let column = columns?[part] else {
            throw StoreError("the observation rollups do not hold the \(part.rawValue) of '\(measure.rawValue)'; the planner reads rows for it")
        }
        return column
    }
}
