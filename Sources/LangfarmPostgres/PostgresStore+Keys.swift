import LangfarmCore
import LangfarmStore
import PostgresNIO

extension PostgresStore: ProjectKeyStore {
    public func upsertProject(_ project: Project) async throws {
        try await rows("""
            INSERT INTO projects (id, name) VALUES (\(project.id), \(project.name))
            ON CONFLICT (id) DO UPDATE SET name = excluded.name
            """)
    }

    public func project(id: String) async throws -> Project? {
        try await rows("SELECT \(unescaped: Self.projectColumns) FROM projects WHERE id = \(id)").first.map(Self.project)
    }

    public func insertAPIKey(_ key: APIKeyRecord) async throws {
        do {
            try await rows("""
                INSERT INTO api_keys (public_key, hashed_secret, display_secret, project_id, name, created_at)
                VALUES (\(key.publicKey), \(key.hashedSecret), \(key.displaySecret), \(key.projectId), \(key.name), \(key.createdAt))
                """)
        } catch let error as PostgresStatementError where error.isConstraintViolation {
            throw StoreError("the key \(key.publicKey) (or its secret) already exists, or project \(key.projectId) does not")
        }
    }

    public func apiKey(publicKey: String) async throws -> APIKeyRecord? {
        try await rows("SELECT \(unescaped: Self.apiKeyColumns) FROM api_keys WHERE public_key = \(publicKey)").first.map(Self.apiKey)
    }

    public func apiKey(hashedSecret: String) async throws -> APIKeyRecord? {
        try await rows("SELECT \(unescaped: Self.apiKeyColumns) FROM api_keys WHERE hashed_secret = \(hashedSecret)").first.map(Self.apiKey)
    }

    public func apiKeys() async throws -> [APIKeyRecord] {
        try await rows("SELECT \(unescaped: Self.apiKeyColumns) FROM api_keys ORDER BY created_at, public_key").map(Self.apiKey)
    }

    public func revokeAPIKey(publicKey: String) async throws -> Bool {
        try await !rows("DELETE FROM api_keys WHERE public_key = \(publicKey) RETURNING 1").isEmpty
    }

    /// The columns `project(_:)` reads, in order.
    static let projectColumns = "id, name, retention_days"

    /// A project from its `projectColumns`. The days were checked when set.
    static func project(_ row: PostgresRow) throws -> Project {
        let (id, name, days) = try row.decode((String, String, Int32?).self)
        return Project(id: id, name: name, retention: days.flatMap { try? Retention(days: Int($0)) })
    }

    private static let apiKeyColumns = "public_key, hashed_secret, display_secret, project_id, name, created_at"

    private static func apiKey(_ row: PostgresRow) throws -> APIKeyRecord {
        let (publicKey, hashedSecret, displaySecret, projectId, name, createdAt) = try row.decode((String, String, String, String, String?, Int64).self)
        return APIKeyRecord(
            publicKey: publicKey, hashedSecret: hashedSecret, displaySecret: displaySecret, projectId: projectId, name: name, createdAt: createdAt
        )
    }
}
