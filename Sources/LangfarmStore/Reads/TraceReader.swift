import LangfarmCore

/// Lists of traces, for `GET /api/public/traces` and the traces table.
public protocol TraceReader: Sendable {
    /// One page of a project's traces with their aggregates, and how many traces match.
    func traces(_ query: TraceListQuery) async throws -> OffsetPage<TraceListItem>
    /// The aggregates kept for one trace; nil when the trace has no row.
    func traceAggregates(projectId: String, traceId: String) async throws -> TraceAggregates?
}
