/// Where a store keeps what observation filters and the observations metrics view read beyond
/// the observation row `o`: SQLite copies the trace's attributes onto each row, PostgreSQL joins
/// the trace (`t`). Each is an expression on the tables of `metricsTables`.
package struct ObservationRowsLayout: Sendable {
    /// `observations o` and the joins the trace attributes need, as a metrics scan reads them.
    package var metricsTables: String
    /// The observation's total cost, as filters compare it.
    package var totalCost: String
    package var traceName: String
    package var traceUserId: String
    package var traceSessionId: String
    package var traceRelease: String
    package var traceVersion: String
    package var traceEnvironment: String
    /// The trace's tags, an array (empty for an observation whose trace has no row).
    package var traceTags: String

    package init(
        metricsTables: String, totalCost: String, traceName: String, traceUserId: String, traceSessionId: String,
        traceRelease: String, traceVersion: String, traceEnvironment: String, traceTags: String
    ) {
        self.metricsTables = metricsTables
        self.totalCost = totalCost
        self.traceName = traceName
        self.traceUserId = traceUserId
        self.traceSessionId = traceSessionId
        self.traceRelease = traceRelease
        self.traceVersion = traceVersion
        self.traceEnvironment = traceEnvironment
        self.traceTags = traceTags
    }
}
