/// A field of a metrics view: a dimension to group by, a column to filter on, or both.
///
/// Fields are enum cases, never text that reaches a store: a store translates each case of the
/// views it serves, and a query can only name the cases its view and API version offer.
public protocol MetricsField: FilterColumn {
    /// The fields a query of `version` may name on `view`.
    static func catalogue(for view: MetricsView, version: MetricsAPIVersion) -> MetricsCatalogue<Self>
    /// Whether grouping by it gives about one group per row (an id): Langfuse's v2
    /// `highCardinality` flag, allowed only in top-N queries.
    var isHighCardinality: Bool { get }
    /// How a row without a value shows in a result: `null`, or `""` for the fields Langfuse
    /// keeps in non-nullable string columns (names, types).
    var absentValue: MetricsValue { get }
    /// Names Langfuse accepts that Langfarm cannot answer, with the reason.
    static var unsupportedNames: [String: String] { get }
}

extension MetricsField {
    public static var unsupportedNames: [String: String] { [:] }
}

/// A measure of a metrics view: the per-row number (or identifier) a metric aggregates.
public protocol MetricsMeasure: Hashable, Sendable {
    /// The measures a query of `version` may name on `view`, in Langfuse's order.
    static func catalogue(for view: MetricsView, version: MetricsAPIVersion) -> [(name: String, measure: Self)]
    var valueType: MeasureValueType { get }
    /// Whether some rows have no value (an observation that has not ended has no latency):
    /// such rows are skipped by every aggregation, and a group without any value sums to null.
    var isNullable: Bool { get }
    /// The dimension a measure is defined over, which a query that lacks it gets (Langfuse's
    /// `requiresDimension`: a cost per cost type needs the cost types).
    var requiredDimensionName: String? { get }
    /// Names Langfuse accepts that Langfarm cannot answer, with the reason.
    static var unsupportedNames: [String: String] { get }
}

extension MetricsMeasure {
    public var requiredDimensionName: String? { nil }
    public static var unsupportedNames: [String: String] { [:] }
}

/// What a measure's per-row value is, which decides the aggregations it accepts and how its
/// results are written (Langfuse's measure `type`, and the ClickHouse type behind it).
public enum MeasureValueType: Sendable, Equatable {
    /// A 64-bit integer (counts, tokens, milliseconds): sums come back as JSON strings.
    case integer
    /// A decimal (costs): JSON numbers.
    case decimal
    /// A floating-point number (rates, score values): JSON numbers.
    case float
    /// A text value (ids) that only `count` and `uniq` aggregate.
    case identifier

    public var aggregations: [MetricAggregation] {
        self == .identifier ? [.count, .uniq] : MetricAggregation.allCases
    }
}

/// The names a view offers, per role, in the order Langfuse lists them (for error messages).
public struct MetricsCatalogue<Field: Hashable & Sendable>: Sendable {
    /// Dimensions, which are also filter columns.
    public let dimensions: [(name: String, field: Field)]
    /// Columns only filters may name: the view's time column and `metadata`.
    public let filterOnly: [(name: String, field: Field)]

    public init(dimensions: [(name: String, field: Field)], filterOnly: [(name: String, field: Field)]) {
        self.dimensions = dimensions
        self.filterOnly = filterOnly
    }

    public func dimension(named name: String) -> Field? {
        dimensions.first { $0.name == name }?.field
    }

    public func filterColumn(named name: String) -> Field? {
        dimension(named: name) ?? filterOnly.first { $0.name == name }?.field
    }
}
