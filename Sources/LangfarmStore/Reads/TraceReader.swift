import LangfarmCore

/// Lists of traces, for `GET /api/public/traces` and the traces table.
public protocol TraceReader: Sendable {
    /// One page of a project's traces with their aggregates, and how many traces match.
    func traces(_ query: TraceListQuery) async throws -> OffsetPage<TraceListItem>
    /// The aggregates kept for one trace; nil when the trace has no row.
    func traceAggregates(projectId: String, traceId: String) async throws -> TraceAggregates?
    /// When each of some users' first and latest traces happened, all time; users without
    /// traces are left out.
    func userActivity(projectId: String, userIds: [String]) async throws -> [String: UserActivity]
}

/// When a user's first and latest traces happened (trace timestamps).
public struct UserActivity: Sendable, Equatable {
    public let first: EpochMillis
    public let last: EpochMillis

    public init(first: EpochMillis, last: EpochMillis) {
        self.first = first
        self.last = last
    }
}
