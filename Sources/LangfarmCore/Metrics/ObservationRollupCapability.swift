/// What the hourly observation rollups hold (`ObservationRollupKey`, `RollupMeasures`), and so
/// which observation queries they can answer exactly: grouped and filtered only by the rollup
/// key's attributes, with sums, counts and averages of the summed measures, and percentiles or
/// histograms of the two sketched ones.
enum ObservationRollupCapability {
    static let fields: Set<ObservationField> = [.environment, .type, .name, .level, .providedModelName, .startTimeMonth]

    /// The partial aggregate parts a rollup row gives for a measure.
    static func parts(of measure: ObservationMeasure) -> PartialNeeds {
        switch measure {
        case .count, .inputTokens, .outputTokens, .totalTokens, .inputCost, .outputCost, .totalCost: [.count, .sum]
        case .latency, .timeToFirstToken: [.count, .sum, .distribution]
        default: []
        }
    }

    static func canAnswer(_ query: MetricsQuery<ObservationField, ObservationMeasure>, filters: [FilterCondition<ObservationField>]) -> Bool {
        query.dimensions.allSatisfy { fields.contains($0.field) }
            && filters.allSatisfy { fields.contains($0.column) }
            && (query.timeDimension?.isWholeHours ?? true)
            && query.measureRequests.allSatisfy { parts(of: $0.measure).isSuperset(of: $0.needs) }
    }
}
