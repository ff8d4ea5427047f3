/// The views of Langfuse's query engine: what a metrics query counts and sums over.
public enum MetricsView: String, Sendable, CaseIterable {
    /// One row per trace (v1 only).
    case traces
    /// One row per observation.
    case observations
    /// Numeric and boolean scores (booleans as 0 and 1).
    case scoresNumeric = "scores-numeric"
    case scoresCategorical = "scores-categorical"
    case scoresBoolean = "scores-boolean"

    /// The score data types a score view keeps (Langfuse's view `segments`); nil for the
    /// other views.
    public var scoreSegment: ScoreSegment? {
        switch self {
        case .traces, .observations: nil
        case .scoresNumeric: .numeric
        case .scoresCategorical: .categorical
        case .scoresBoolean: .boolean
        }
    }
}

/// The score data types one score view covers.
public enum ScoreSegment: Sendable, Equatable, CaseIterable {
    /// NUMERIC and BOOLEAN: Langfuse's positive allow-list for `scores-numeric`.
    case numeric
    case categorical
    case boolean

    /// The `data_type` values of the scores in the segment.
    public var dataTypes: [String] {
        switch self {
        case .numeric: ["NUMERIC", "BOOLEAN"]
        case .categorical: ["CATEGORICAL"]
        case .boolean: ["BOOLEAN"]
        }
    }
}
