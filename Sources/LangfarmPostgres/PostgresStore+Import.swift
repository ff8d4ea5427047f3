import LangfarmCore
import LangfarmStore
import PostgresNIO

/// What `langfarm migrate` writes when it copies an embedded store in: the raw event log and
/// the partition anchors, from which `rebuild()` then derives every row.
extension PostgresStore {
    /// Whether the database holds no logged event and no project yet: a copy goes only into
    /// an empty store, so that it cannot mix two stores' data.
    public func isEmpty() async throws -> Bool {
        try await rows("SELECT NOT EXISTS (SELECT 1 FROM events) AND NOT EXISTS (SELECT 1 FROM projects)")
            .first?.decode(Bool.self) ?? false
    }

    /// Appends logged events as they are, in order; an event already logged is left alone.
    public func importEvents(_ events: [LoggedEvent]) async throws {
        guard !events.isEmpty else { return }
        try await rows(PostgresRowCoding.events(events).insertNew(key: PostgresRowCoding.eventKey))
    }

    /// Records partition anchors with their first-seen times; an anchor already recorded keeps
    /// its time.
    public func importPartitionAnchors(_ anchors: [(key: AnchorKey, firstSeen: EpochMillis)]) async throws {
        guard !anchors.isEmpty else { return }
        var batch = PostgresRowBatch(table: "partition_anchors")
        batch.add("project_id", "text", anchors.map(\.key.projectId))
        batch.add("anchor_kind", "text", anchors.map(\.key.anchor.kind.rawValue))
        batch.add("anchor", "text", anchors.map(\.key.anchor.id))
        batch.add("first_seen", "bigint", anchors.map(\.firstSeen))
        try await rows(batch.insertNew(key: ["project_id", "anchor_kind", "anchor"]))
    }
}
