import GRDB
import LangfarmCore

extension SQLiteStore {
    public func setRetention(projectId: String, _ retention: Retention?) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "UPDATE projects SET retention_days = ? WHERE id = ?", arguments: [retention?.days, projectId])
            return db.changesCount > 0
        }
    }

    /// Observations go first, then scores, then traces, so that a trace expiring in the same
    /// round hands its context only to the observations that stay.
    public func expire(projectId: String, before cutoff: EpochMillis, limit: Int) async throws -> ExpiredRows {
        try await projectionWrite(at: EpochMillis.now) { transaction in
            try transaction.access { db in
                let observations = try Self.expireObservations(projectId: projectId, before: cutoff, limit: limit, in: transaction, db: db)
                let scores = try Self.expireScores(projectId: projectId, before: cutoff, limit: limit, db: db)
                let traces = try Self.expireTraces(projectId: projectId, before: cutoff, limit: limit, in: transaction, db: db)
                return ExpiredRows(traces: traces, observations: observations, scores: scores)
            }
        }
    }

    public func reclaimFreeSpace(pages: Int) async throws -> Int {
        try await write { db in
            guard try Int.fetchOne(db, sql: "PRAGMA auto_vacuum") == Self.incrementalAutoVacuum else { return 0 }
            let before = try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
            try db.execute(sql: "PRAGMA incremental_vacuum(\(max(0, pages)))")
            return before - (try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0)
        }
    }

    /// `PRAGMA auto_vacuum`'s value for INCREMENTAL.
    static let incrementalAutoVacuum = 2

    private static func expireObservations(
        projectId: String, before cutoff: EpochMillis, limit: Int, in transaction: SQLiteProjectionTransaction, db: Database
    ) throws -> Int {
        let table = SQLiteRowCoding.observations
        let rows = try Row.fetchAll(db, sql: """
            SELECT \(table.columns.joined(separator: ", ")) FROM observations
            WHERE project_id = ? AND start_time < ? ORDER BY start_time LIMIT ?
            """, arguments: [projectId, cutoff, limit])
        for row in rows {
            let stored = StoredRow(table: table, values: (0..<row.count).map { row[$0] })
            transaction.readModel.observationExpired(stored)
            let arguments: StatementArguments = [projectId, stored["id"] ?? ""]
            try deleteLog(of: .observation, arguments: arguments, in: db)
            try db.cachedStatement(sql: "DELETE FROM observations WHERE project_id = ? AND id = ?").execute(arguments: arguments)
        }
        return rows.count
    }

    private static func expireScores(projectId: String, before cutoff: EpochMillis, limit: Int, db: Database) throws -> Int {
        let ids = try String.fetchAll(db, sql: "SELECT id FROM scores WHERE project_id = ? AND timestamp < ? ORDER BY timestamp LIMIT ?", arguments: [projectId, cutoff, limit])
        for id in ids {
            try deleteLog(of: .score, arguments: [projectId, id], in: db)
            try db.cachedStatement(sql: "DELETE FROM scores WHERE project_id = ? AND id = ?").execute(arguments: [projectId, id])
        }
        return ids.count
    }

    private static func expireTraces(
        projectId: String, before cutoff: EpochMillis, limit: Int, in transaction: SQLiteProjectionTransaction, db: Database
    ) throws -> Int {
        let traces = try Row.fetchAll(db, sql: "SELECT * FROM traces WHERE project_id = ? AND timestamp < ? ORDER BY timestamp LIMIT ?", arguments: [projectId, cutoff, limit])
            .map(SQLiteRowCoding.trace)
        for trace in traces {
            try transaction.readModel.traceExpired(trace)
            try deleteSearchDocumentsAndSession(of: trace.id, projectId: projectId, in: db)
            let arguments: StatementArguments = [projectId, trace.id]
            try deleteLog(of: .trace, arguments: arguments, in: db)
            try db.cachedStatement(sql: "DELETE FROM traces WHERE project_id = ? AND id = ?").execute(arguments: arguments)
        }
        return traces.count
    }

    /// Deletes an entity's logged events and fold state (`arguments`: project id, entity id).
    private static func deleteLog(of kind: EntityKind, arguments: StatementArguments, in db: Database) throws {
        for table in ["events", "fold_states"] {
            try db.cachedStatement(sql: "DELETE FROM \(table) WHERE project_id = ? AND entity_kind = '\(kind.rawValue)' AND entity_id = ?")
                .execute(arguments: arguments)
        }
    }
}
