extension ObservationRowsLayout {
    /// Each observation row of the SQLite store carries copies of its trace's attributes, kept
    /// by the projection (`SQLiteRowCoding.traceContextColumns`, `SQLiteReadModelWriter`), so that
    /// filters and metrics read one table.
    static let sqlite = ObservationRowsLayout(
        metricsTables: "observations o INDEXED BY observations_by_time",
        totalCost: "o.total_cost_value",
        traceName: "o.trace_name",
        traceUserId: "o.user_id",
        traceSessionId: "o.session_id",
        traceRelease: "o.trace_release",
        traceVersion: "o.trace_version",
        traceEnvironment: "(SELECT t.environment FROM traces t WHERE t.project_id = o.project_id AND t.id = o.trace_id)",
        traceTags: "o.trace_tags"
    )
}
