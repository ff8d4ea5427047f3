import LangfarmCore

/// The content search index's upkeep, run by a background service (docs/SEARCH.md).
///
/// Each write puts the traces it touched in a backlog; searches treat the backlog's traces as
/// candidates, so they see every write at once. The indexer then gives each trace that has
/// been quiet for a while an index document of its current words and takes it off the
/// backlog, in rounds small enough never to hold up ingestion for long.
public protocol SearchIndexer: Sendable {
    /// Indexes up to `limit` backlog traces whose last change is at least `quietPeriod` old,
    /// oldest change first. A trace that changes again meanwhile stays in the backlog.
    func indexSettledTraces(quietFor quietPeriod: Duration, limit: Int) async throws -> SearchIndexingRound
    /// How many traces wait in the backlog.
    func searchBacklog() async throws -> SearchBacklogStatus
}

/// What one round of indexing did.
public struct SearchIndexingRound: Sendable, Equatable {
    /// Traces taken from the backlog; fewer than asked means no more had settled.
    public var traces: Int
    /// Index documents written or removed: the others' words had not changed.
    public var documentsChanged: Int

    public init(traces: Int, documentsChanged: Int) {
        self.traces = traces
        self.documentsChanged = documentsChanged
    }
}

/// The traces whose index document is missing or stale.
public struct SearchBacklogStatus: Sendable, Equatable {
    public var traces: Int
    /// When the longest-waiting trace last changed; nil when the backlog is empty.
    public var oldestChange: EpochMillis?

    public init(traces: Int, oldestChange: EpochMillis?) {
        self.traces = traces
        self.oldestChange = oldestChange
    }
}
