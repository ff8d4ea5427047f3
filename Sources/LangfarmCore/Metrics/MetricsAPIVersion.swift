/// Which metrics API a query came through. Langfuse serves the same query language twice:
/// `GET /api/public/metrics` (v1: the `traces` view too, no row limit, no high-cardinality
/// rule) and `GET /api/public/v2/metrics` (v2: observations and score views only, 100 rows by
/// default, high-cardinality dimensions only in top-N queries). A few dimensions mean
/// different things in the two (see each field's `resolved(in:)`).
public enum MetricsAPIVersion: String, Sendable, CaseIterable {
    case v1
    case v2

    /// The row limit when `config.row_limit` is absent: v2 applies 100 after validating the
    /// query (so the high-cardinality rule still sees that none was given); v1 has none.
    public var defaultRowLimit: Int? {
        switch self {
        case .v1: nil
        case .v2: 100
        }
    }

    /// The views a query of this version may name.
    public var views: [MetricsView] {
        switch self {
        case .v1: MetricsView.allCases
        case .v2: [.observations, .scoresNumeric, .scoresCategorical, .scoresBoolean]
        }
    }
}
