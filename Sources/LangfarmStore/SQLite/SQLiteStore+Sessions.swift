import GRDB
import LangfarmCore

extension SQLiteStore {
    public func sessions(_ query: SessionListQuery) async throws -> OffsetPage<SessionRow> {
        try await pool.read { db in
            var conditions = [SQLFragment("project_id = ?", [query.projectId])]
            if let from = query.from { conditions.append(SQLFragment("created_at >= ?", [from])) }
            if let to = query.to { conditions.append(SQLFragment("created_at < ?", [to])) }
            if !query.environments.isEmpty {
                conditions.append(SQLFragment("environment IN (\(SQLFragment.placeholders(query.environments.count)))", query.environments))
            }
            let filter = SQLFragment.all(conditions)
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sessions WHERE \(filter.sql)", arguments: filter.statementArguments) ?? 0
            guard query.page.offset < total else { return OffsetPage(items: [], totalItems: total) }
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM sessions WHERE \(filter.sql) ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                arguments: filter.statementArguments + [query.page.limit, query.page.offset]
            )
            return OffsetPage(items: rows.map(Self.session), totalItems: total)
        }
    }

    public func session(projectId: String, id: String) async throws -> SessionRow? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM sessions WHERE project_id = ? AND id = ?", arguments: [projectId, id]).map(Self.session)
        }
    }

    public func traces(projectId: String, sessionId: String) async throws -> [TraceRow] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM traces WHERE project_id = ? AND session_id = ? ORDER BY timestamp, id", arguments: [projectId, sessionId]
            ).map(SQLiteRowCoding.trace)
        }
    }

    static func session(_ row: Row) -> SessionRow {
        SessionRow(projectId: row["project_id"], id: row["id"], createdAt: row["created_at"], environment: row["environment"])
    }
}
