/// One value of a metrics result row: a dimension's value or a metric's.
///
/// Integers are kept apart from other numbers because Langfuse returns its 64-bit integer
/// results (counts, sums of token counts and of milliseconds) as JSON strings, as ClickHouse's
/// JSON output quotes them, and its other numbers as JSON numbers.
public enum MetricsValue: Sendable, Hashable {
    case null
    case text(String)
    case integer(Int64)
    case number(Double)
    case bool(Bool)
    /// A string array dimension (trace tags).
    case texts([String])
    /// The bins of a `histogram` metric.
    case histogram([HistogramBin])

    /// The value as a number, for sorting and for the daily metrics; nil when it is not one.
    public var numeric: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        case .bool(let value): value ? 1 : 0
        default: nil
        }
    }
}

/// One bin of Langfuse's `histogram`: `[lower, upper, height]`.
public struct HistogramBin: Sendable, Hashable {
    public var lower: Double
    public var upper: Double
    public var height: Double

    public init(lower: Double, upper: Double, height: Double) {
        self.lower = lower
        self.upper = upper
        self.height = height
    }
}
