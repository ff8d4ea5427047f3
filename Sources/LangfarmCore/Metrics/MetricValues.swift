/// The value of one metric, from the partial aggregate of its measure: as ClickHouse computes
/// and types it in Langfuse's single-level query.
enum MetricValues {
    static func value<Measure: MetricsMeasure>(_ metric: Metric<Measure>, of partial: PartialAggregate, bins: Int) -> MetricsValue {
        let measure = metric.measure
        switch metric.aggregation {
        case .count:
            return .integer(partial.count)
        case .uniq:
            return .integer(partial.distinctCount ?? 0)
        case .sum:
            return partial.count == 0 ? empty(metric) : typed(partial.sum, measure)
        case .avg:
            return partial.count == 0 ? empty(metric) : .number(partial.sum / Double(partial.count))
        case .min:
            return partial.minimum.map { typed($0, measure) } ?? empty(metric)
        case .max:
            return partial.maximum.map { typed($0, measure) } ?? empty(metric)
        case .p50, .p75, .p90, .p95, .p99:
            return partial.distribution?.quantile(metric.aggregation.quantile ?? 0.5).map(MetricsValue.number) ?? empty(metric)
        case .histogram:
            return .histogram(partial.distribution?.histogram(bins: bins) ?? [])
        }
    }

    /// The value over no values (a group whose rows all lack the measure, or no rows at all
    /// in a query without dimensions): sums of a nullable measure are null, of another zero;
    /// averages and percentiles are null (ClickHouse's NaN, which its JSON writes as null).
    static func empty<Measure: MetricsMeasure>(_ metric: Metric<Measure>) -> MetricsValue {
        switch metric.aggregation {
        case .count, .uniq: .integer(0)
        case .sum, .min, .max: metric.measure.isNullable ? .null : typed(0, metric.measure)
        case .avg, .p50, .p75, .p90, .p95, .p99: .null
        case .histogram: .histogram([])
        }
    }

    /// The value of a gap-filled row: ClickHouse's `WITH FILL` writes each column's default,
    /// null for a nullable result and zero for another.
    static func filled<Measure: MetricsMeasure>(_ metric: Metric<Measure>) -> MetricsValue {
        switch metric.aggregation {
        case .count, .uniq: .integer(0)
        case .sum, .min, .max: metric.measure.isNullable ? .null : typed(0, metric.measure)
        case .avg, .p50, .p75, .p90, .p95, .p99: metric.measure.isNullable ? .null : .number(0)
        case .histogram: .histogram([])
        }
    }

    /// Integer measures keep integer results (JSON strings in Langfuse); others are numbers.
    static func typed<Measure: MetricsMeasure>(_ value: Double, _ measure: Measure) -> MetricsValue {
        guard measure.valueType == .integer, value.isFinite, abs(value) < 9.2e18 else { return .number(value) }
        return .integer(Int64(value.rounded()))
    }
}
