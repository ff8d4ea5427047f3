/// What the per-user observation rollups hold (per project, hour and day of start time,
/// environment and the trace's user: observation count, token and cost sums), and so which
/// observation queries by user they answer exactly: "cost per user" and the like, grouped and
/// filtered only by user, environment and month. Percentiles, extremes and every other field
/// read the rows, or the hourly observation rollups when those hold the query.
enum UserRollupCapability {
    static let fields: Set<ObservationField> = [.environment, .userId, .startTimeMonth]

    static func canAnswer(_ query: MetricsQuery<ObservationField, ObservationMeasure>, filters: [FilterCondition<ObservationField>]) -> Bool {
        let summed: Set<ObservationMeasure> = [.count, .inputTokens, .outputTokens, .totalTokens, .inputCost, .outputCost, .totalCost]
        return query.dimensions.allSatisfy { fields.contains($0.field) }
            && filters.allSatisfy { fields.contains($0.column) }
            && (query.timeDimension?.isWholeHours ?? true)
            && query.measureRequests.allSatisfy { summed.contains($0.measure) && PartialNeeds([.count, .sum]).isSuperset(of: $0.needs) }
    }
}
