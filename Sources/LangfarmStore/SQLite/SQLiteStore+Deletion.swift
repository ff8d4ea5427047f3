import GRDB
import LangfarmCore

extension SQLiteStore {
    /// Deletes each trace with its observations and scores, and their logged events and fold
    /// states, so that a rebuild does not bring them back, and everything derived from them: their share of the
    /// rollups, tag and metadata lookups, the search document, and a session no other trace
    /// is left in. With the change feed on, every deleted row is published once more, marked
    /// deleted. Partition anchors stay: a trace id that comes back lands in its old partition,
    /// as in the lake.
    public func deleteTraces(projectId: String, ids: [String]) async throws -> Int {
        try await projectionWrite(at: EpochMillis.now) { transaction in
            try transaction.access { db in try Self.deleteTraces(projectId: projectId, ids: ids, in: transaction, db: db) }
        }
    }

    private static func deleteTraces(projectId: String, ids: [String], in transaction: SQLiteProjectionTransaction, db: Database) throws -> Int {
        var deleted = 0
        for id in Set(ids) {
            if let recorder = transaction.recorder {
                try Self.recordDeletions(of: id, projectId: projectId, in: db, recorder: recorder)
            }
            let arguments: StatementArguments = [projectId, id]
            try Self.deleteReadModel(of: id, projectId: projectId, in: transaction, db: db)
            for table in ["events", "fold_states"] {
                try db.execute(sql: """
                    DELETE FROM \(table) WHERE project_id = ?1 AND (
                        (entity_kind = 'trace' AND entity_id = ?2)
                        OR (entity_kind = 'observation' AND entity_id IN (SELECT id FROM observations WHERE project_id = ?1 AND trace_id = ?2))
                        OR (entity_kind = 'score' AND entity_id IN (SELECT id FROM scores WHERE project_id = ?1 AND trace_id = ?2)))
                    """, arguments: arguments)
            }
            try db.execute(sql: "DELETE FROM observations WHERE project_id = ? AND trace_id = ?", arguments: arguments)
            try db.execute(sql: "DELETE FROM scores WHERE project_id = ? AND trace_id = ?", arguments: arguments)
            try db.execute(sql: "DELETE FROM traces WHERE project_id = ? AND id = ?", arguments: arguments)
            deleted += db.changesCount
        }
        return deleted
    }

    private static func deleteReadModel(of traceId: String, projectId: String, in transaction: SQLiteProjectionTransaction, db: Database) throws {
        let arguments: StatementArguments = [projectId, traceId]
        let table = SQLiteRowCoding.observations
        for row in try Row.fetchAll(
            db, sql: "SELECT \(table.columns.joined(separator: ", ")) FROM observations WHERE project_id = ? AND trace_id = ?",
            arguments: arguments
        ) {
            transaction.readModel.observationDeleted(StoredRow(table: table, values: (0..<row.count).map { row[$0] }))
        }
        if let trace = try Row.fetchOne(db, sql: SQLiteRowCoding.selectById(.trace), arguments: arguments).map(SQLiteRowCoding.trace) {
            try transaction.readModel.traceDeleted(trace)
        }
        try deleteSearchDocumentsAndSession(of: traceId, projectId: projectId, in: db)
    }

    /// Deletes a trace's search documents and backlog entry, and its session if no other trace
    /// is in it. Called before the trace row itself is deleted.
    static func deleteSearchDocumentsAndSession(of traceId: String, projectId: String, in db: Database) throws {
        let arguments: StatementArguments = [projectId, traceId]
        for statement in [
            "DELETE FROM search_index WHERE rowid IN (SELECT document_id FROM search_documents WHERE project_id = ?1 AND trace_id = ?2)",
            "DELETE FROM search_documents WHERE project_id = ?1 AND trace_id = ?2",
            "DELETE FROM search_backlog WHERE project_id = ?1 AND trace_id = ?2",
            "DELETE FROM id_search_index WHERE rowid IN (SELECT document_id FROM id_search_documents WHERE project_id = ?1 AND trace_id = ?2)",
            "DELETE FROM id_search_documents WHERE project_id = ?1 AND trace_id = ?2",
            """
            DELETE FROM sessions WHERE project_id = ?1 AND id = (SELECT session_id FROM traces WHERE project_id = ?1 AND id = ?2)
                AND NOT EXISTS (SELECT 1 FROM traces WHERE project_id = ?1 AND session_id = sessions.id AND id != ?2)
            """,
        ] {
            try db.cachedStatement(sql: statement).execute(arguments: arguments)
        }
    }

    private static func recordDeletions(of traceId: String, projectId: String, in db: Database, recorder: SQLiteChangeRecorder) throws {
        let arguments: StatementArguments = [projectId, traceId]
        let time = recorder.committedAt
        for var row in try Row.fetchAll(db, sql: SQLiteRowCoding.selectById(.trace), arguments: arguments).map(SQLiteRowCoding.trace) {
            row.updatedAt = time
            try recorder.record(.trace(row, deleted: true))
        }
        for var row in try Row.fetchAll(db, sql: "SELECT * FROM observations WHERE project_id = ? AND trace_id = ?", arguments: arguments).map(SQLiteRowCoding.observation) {
            row.updatedAt = time
            try recorder.record(.observation(row, deleted: true))
        }
        for var row in try Row.fetchAll(db, sql: "SELECT * FROM scores WHERE project_id = ? AND trace_id = ?", arguments: arguments).map(SQLiteRowCoding.score) {
            row.updatedAt = time
            try recorder.record(.score(row, deleted: true))
        }
    }
}
