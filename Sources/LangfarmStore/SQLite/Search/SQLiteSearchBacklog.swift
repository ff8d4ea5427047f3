import GRDB
import LangfarmCore

/// The search backlog: traces whose index document is missing or stale, with the time of
/// their last change (`changed_at`, set by every write that touches the trace).
///
/// The indexer claims traces before reading them, by setting `changed_at` to `claimed`; a write
/// that touches a claimed trace sets a real time again. So when the indexer comes to store the
/// document it built, a trace still marked `claimed` has not changed since it was read, and
/// one whose entry is gone was deleted: no clock comparison is involved. A claimed trace stays
/// in the backlog (and so a search candidate) until its document is stored; after a crash the
/// claimed traces, which sort first, are simply indexed again.
enum SQLiteSearchBacklog {
    static let claimed: EpochMillis = 0

    /// Whether any trace's last change is at or before `cutoff` (claimed ones included).
    static func hasSettled(by cutoff: EpochMillis, in db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM search_backlog WHERE changed_at <= ?)", arguments: [cutoff]) ?? false
    }

    /// Claims up to `limit` traces whose last change is at or before `cutoff`, oldest first.
    static func claim(settledBy cutoff: EpochMillis, limit: Int, in db: Database) throws -> [TraceKey] {
        try Row.fetchAll(db, sql: """
            UPDATE search_backlog SET changed_at = ?
            WHERE (project_id, trace_id) IN (
                SELECT project_id, trace_id FROM search_backlog WHERE changed_at <= ? ORDER BY changed_at LIMIT ?)
            RETURNING project_id, trace_id
            """, arguments: [claimed, cutoff, limit]
        ).map { TraceKey(projectId: $0["project_id"], traceId: $0["trace_id"]) }
    }

    /// Whether the trace is still claimed: neither changed nor deleted since it was claimed.
    static func isStillClaimed(_ key: TraceKey, in db: Database) throws -> Bool {
        try EpochMillis.fetchOne(
            db.cachedStatement(sql: "SELECT changed_at FROM search_backlog WHERE project_id = ? AND trace_id = ?"),
            arguments: [key.projectId, key.traceId]
        ) == claimed
    }

    static func remove(_ key: TraceKey, in db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM search_backlog WHERE project_id = ? AND trace_id = ?")
            .execute(arguments: [key.projectId, key.traceId])
    }

    static func status(in db: Database) throws -> SearchBacklogStatus {
        let row = try Row.fetchOne(db, sql: """
            SELECT COUNT(*) AS traces, (SELECT MIN(changed_at) FROM search_backlog WHERE changed_at > ?) AS oldest FROM search_backlog
            """, arguments: [claimed])
        return SearchBacklogStatus(traces: row?["traces"] ?? 0, oldestChange: row?["oldest"])
    }
}
