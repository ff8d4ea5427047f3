import LangfarmCore

/// Expiring old data (`RetentionService` in the server): each project's retention setting, and
/// deleting what is older than its window, a little at a time.
public protocol RetentionStore: Sendable {
    /// Sets the project's own retention, or with nil makes it follow the server's default;
    /// returns whether the project exists.
    func setRetention(projectId: String, _ retention: Retention?) async throws -> Bool

    /// Deletes, in one short transaction, up to `limit` each of the project's traces dated
    /// before `cutoff`, observations that started before it and scores dated before it, as
    /// Langfuse judges age: each by its own time, so a trace inside the window can lose old
    /// observations and an expired trace can leave newer ones behind. Their logged events go
    /// too (a rebuild must not bring them back), with everything derived from them. Nothing is
    /// published on the change feed: the lake keeps what it has (docs/RETENTION.md).
    func expire(projectId: String, before cutoff: EpochMillis, limit: Int) async throws -> ExpiredRows

    /// Gives up to `pages` free pages of the database file back to the file system, where the
    /// store can (SQLite's incremental vacuum); returns how many it gave back.
    func reclaimFreeSpace(pages: Int) async throws -> Int
}

/// What one `expire` call deleted.
public struct ExpiredRows: Sendable, Equatable {
    public var traces = 0
    public var observations = 0
    public var scores = 0

    public init(traces: Int = 0, observations: Int = 0, scores: Int = 0) {
        self.traces = traces
        self.observations = observations
        self.scores = scores
    }

    public mutating func add(_ other: ExpiredRows) {
        traces += other.traces
        observations += other.observations
        scores += other.scores
    }

    /// Whether any kind reached `limit`, so that more may be waiting.
    public func reached(_ limit: Int) -> Bool {
        traces >= limit || observations >= limit || scores >= limit
    }
}
