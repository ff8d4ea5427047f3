import LangfarmCore
import LangfarmStore
import PostgresNIO

extension PostgresStore: SessionReader {
    /// Sessions newest first (ties by id), counted and paged on one snapshot.
    public func sessions(_ query: SessionListQuery) async throws -> OffsetPage<SessionRow> {
        var conditions: [BoundSQL] = ["project_id = \(query.projectId)"]
        if let from = query.from { conditions.append("created_at >= \(from)") }
        if let to = query.to { conditions.append("created_at < \(to)") }
        if !query.environments.isEmpty { conditions.append("environment = ANY(\(query.environments)::text[])") }
        let filter = BoundSQL.all(conditions)
        return try await readSnapshot { connection in
            let counted: BoundSQL = "SELECT count(*) FROM sessions WHERE \(filter)"
            let total = Int(try await connection.rows(counted.query, logger: logger).first?.decode(Int64.self) ?? 0)
            guard query.page.offset < total else { return OffsetPage(items: [], totalItems: total) }
            let page: BoundSQL = """
                SELECT project_id, id, created_at, environment FROM sessions WHERE \(filter)
                ORDER BY created_at DESC, id DESC LIMIT \(Int64(query.page.limit)) OFFSET \(Int64(query.page.offset))
                """
            return OffsetPage(items: try await connection.rows(page.query, logger: logger).map(Self.session), totalItems: total)
        }
    }

    public func session(projectId: String, id: String) async throws -> SessionRow? {
        try await rows("SELECT project_id, id, created_at, environment FROM sessions WHERE project_id = \(projectId) AND id = \(id)")
            .first.map(Self.session)
    }

    public func traces(projectId: String, sessionId: String) async throws -> [TraceRow] {
        try await rows("""
            SELECT \(unescaped: PostgresRowCoding.traceColumns) FROM traces WHERE project_id = \(projectId) AND session_id = \(sessionId)
            ORDER BY timestamp, id
            """).map(PostgresRowCoding.trace)
    }

    private static func session(_ row: PostgresRow) throws -> SessionRow {
        let (projectId, id, createdAt, environment) = try row.decode((String, String, Int64, String).self)
        return SessionRow(projectId: projectId, id: id, createdAt: createdAt, environment: environment)
    }
}
