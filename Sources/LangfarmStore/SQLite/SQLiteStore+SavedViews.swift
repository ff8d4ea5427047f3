import GRDB
import LangfarmCore

extension SQLiteStore {
    public func saveView(_ view: SavedView) async throws {
        do {
            try await write { db in
                try db.execute(
                    sql: """
                        INSERT INTO saved_views (project_id, id, name, query, created_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (project_id, name) DO UPDATE SET query = excluded.query, created_at = excluded.created_at
                        """,
                    arguments: [view.projectId, view.id, view.name, view.query, view.createdAt]
                )
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError("cannot save the view '\(view.name)': there is no project \(view.projectId)")
        }
    }

    public func savedViews(projectId: String) async throws -> [SavedView] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM saved_views WHERE project_id = ? ORDER BY name", arguments: [projectId]).map { row in
                SavedView(id: row["id"], projectId: row["project_id"], name: row["name"], query: row["query"], createdAt: row["created_at"])
            }
        }
    }

    public func deleteSavedView(projectId: String, id: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM saved_views WHERE project_id = ? AND id = ?", arguments: [projectId, id])
            return db.changesCount > 0
        }
    }
}
