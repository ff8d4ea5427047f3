import LangfarmCore
import LangfarmStore
import PostgresNIO

/// Sessions (`sessions`), created when their first trace is ingested, as Langfuse's
/// `trace_sessions`, and kept as they were: later traces of the session, and rebuilds, leave
/// the row alone. A session goes when the last of its traces is deleted.
enum PostgresSessions {
    /// Creates the sessions the traces name that do not exist yet; nil when they name none.
    /// A session is dated by the arrival of the batch that named it (the row's `updatedAt`); a
    /// rebuild finding one missing dates it by its trace's first-seen time. Of several new
    /// traces of one session, the first written decides its environment.
    static func create(for traces: [TraceRow], rebuilding: Bool) -> PostgresQuery? {
        let named = traces.filter { $0.sessionId != nil }
        guard !named.isEmpty else { return nil }
        var batch = PostgresRowBatch(table: "sessions")
        batch.add("project_id", "text", named.map(\.projectId))
        batch.add("id", "text", named.map(\.sessionId))
        batch.add("created_at", "bigint", named.map { rebuilding ? $0.partition.createdAt : $0.updatedAt })
        batch.add("environment", "text", named.map(\.environment))
        return batch.insertNew(key: ["project_id", "id"])
    }

    /// Deletes those of the sessions no trace names any more (after traces were deleted).
    static func deleteUnused(projectId: String, ids: [String]) -> PostgresQuery {
        let query: BoundSQL = """
            DELETE FROM sessions s WHERE s.project_id = \(projectId) AND s.id = ANY(\(Array(Set(ids)))::text[])
                AND NOT EXISTS (SELECT 1 FROM traces t WHERE t.project_id = s.project_id AND t.session_id = s.id)
            """
        return query.query
    }
}
