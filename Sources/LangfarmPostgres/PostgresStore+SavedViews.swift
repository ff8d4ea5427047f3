import LangfarmCore
import LangfarmStore
import PostgresNIO

extension PostgresStore: SavedViewStore {
    public func saveView(_ view: SavedView) async throws {
        do {
            try await rows("""
                INSERT INTO saved_views (project_id, id, name, query, created_at)
                VALUES (\(view.projectId), \(view.id), \(view.name), \(view.query), \(view.createdAt))
                ON CONFLICT (project_id, name) DO UPDATE SET query = excluded.query, created_at = excluded.created_at
                """)
        } catch let error as PostgresStatementError where error.isConstraintViolation {
            throw StoreError("cannot save the view '\(view.name)': there is no project \(view.projectId)")
        }
    }

    public func savedViews(projectId: String) async throws -> [SavedView] {
        try await rows("SELECT project_id, id, name, query, created_at FROM saved_views WHERE project_id = \(projectId) ORDER BY name").map { row in
            let (projectId, id, name, query, createdAt) = try row.decode((String, String, String, String, Int64).self)
            return SavedView(id: id, projectId: projectId, name: name, query: query, createdAt: createdAt)
        }
    }

    public func deleteSavedView(projectId: String, id: String) async throws -> Bool {
        try await !rows("DELETE FROM saved_views WHERE project_id = \(projectId) AND id = \(id) RETURNING 1").isEmpty
    }
}
