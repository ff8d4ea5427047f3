/// What the hourly trace rollups hold (the count of traces per project, hour of timestamp,
/// environment and name), and so which `traces` view queries they answer exactly: trace
/// counts grouped and filtered only by environment, name and month. Every other measure
/// either joins the observations or scores in the query's window (which a trace's hour cannot
/// say) or needs values the rollups do not keep.
enum TraceRollupCapability {
    static let fields: Set<TraceField> = [.environment, .name, .timestampMonth]

    static func canAnswer(_ query: MetricsQuery<TraceField, TraceMeasure>, filters: [FilterCondition<TraceField>]) -> Bool {
        query.dimensions.allSatisfy { fields.contains($0.field) }
            && filters.allSatisfy { fields.contains($0.column) }
            && (query.timeDimension?.isWholeHours ?? true)
            && query.measureRequests.allSatisfy { $0.measure == .count && PartialNeeds([.count, .sum]).isSuperset(of: $0.needs) }
    }
}
