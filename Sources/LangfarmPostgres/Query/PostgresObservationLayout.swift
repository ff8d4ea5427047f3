import LangfarmStore

extension ObservationRowsLayout {
    /// Observations of the PostgreSQL store keep no copies of their trace's attributes: they are
    /// read from the joined trace (`t`; PostgreSQL drops the join when nothing reads it). An
    /// observation whose trace has no row has none, and no tags, as on SQLite.
    static let postgres = ObservationRowsLayout(
        metricsTables: "observations o LEFT JOIN traces t ON t.project_id = o.project_id AND t.id = o.trace_id",
        totalCost: "o.total_cost",
        traceName: "t.name",
        traceUserId: "t.user_id",
        traceSessionId: "t.session_id",
        traceRelease: "t.release",
        traceVersion: "t.version",
        traceEnvironment: "t.environment",
        traceTags: "COALESCE(t.tags, '{}'::text[])"
    )
}
