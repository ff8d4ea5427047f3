/// How a metric aggregates one measure over the rows of a group (Langfuse's
/// `metricAggregations`; `uniq` is accepted by both API versions, as Langfuse's schema does).
public enum MetricAggregation: String, Sendable, CaseIterable {
    case sum
    case avg
    case count
    case max
    case min
    case p50
    case p75
    case p90
    case p95
    case p99
    case histogram
    case uniq

    /// The quantile a percentile aggregation asks for; nil for the others.
    public var quantile: Double? {
        switch self {
        case .p50: 0.5
        case .p75: 0.75
        case .p90: 0.9
        case .p95: 0.95
        case .p99: 0.99
        default: nil
        }
    }

    /// The parts of a partial aggregate this aggregation is computed from.
    public var needs: PartialNeeds {
        switch self {
        case .count: [.count]
        case .sum, .avg: [.count, .sum]
        case .min, .max: [.count, .extremes]
        case .p50, .p75, .p90, .p95, .p99, .histogram: [.distribution]
        case .uniq: [.distinct]
        }
    }

    /// The aggregations `orderBy` may name as `<aggregation>_<measure>`: Langfuse's pattern
    /// leaves out `histogram`, which cannot be sorted by.
    public var isSortable: Bool { self != .histogram }
}
