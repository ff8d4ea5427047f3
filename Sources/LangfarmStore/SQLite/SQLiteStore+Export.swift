import GRDB
import LangfarmCore

/// What `langfarm migrate` reads to copy an embedded store into a shared one: the raw event
/// log, page by page in commit order, and the partition anchors. Every row derives from these
/// (the target rebuilds its rows from them), and the anchors keep each row's partition time.
extension SQLiteStore {
    /// Up to `limit` logged events after `position` (0 for the first page), in commit order,
    /// each with its position.
    public func exportedEvents(after position: Int64, limit: Int) async throws -> [(position: Int64, event: LoggedEvent)] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [position, limit])
                .map { ($0["seq"], SQLiteRowCoding.loggedEvent($0)) }
        }
    }

    /// Every partition anchor with its first-seen time.
    public func exportedPartitionAnchors() async throws -> [(key: AnchorKey, firstSeen: EpochMillis)] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT project_id, anchor_kind, anchor, first_seen FROM partition_anchors").compactMap { row in
                guard let kind = PartitionAnchor.Kind(rawValue: row["anchor_kind"]) else { return nil }
                return (AnchorKey(projectId: row["project_id"], anchor: PartitionAnchor(kind: kind, id: row["anchor"])), row["first_seen"])
            }
        }
    }

    /// How many logged events and rows the store holds, as a rebuild reports them.
    public func exportedCounts() async throws -> RebuildSummary {
        try await pool.read { db in
            func count(_ table: String) throws -> Int { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
            return RebuildSummary(
                events: try count("events"), traces: try count("traces"), observations: try count("observations"), scores: try count("scores")
            )
        }
    }
}
