import LangfarmCore
import LangfarmStore
import PostgresNIO

extension PostgresStore: AccountStore {
    public func createUser(_ user: UserAccount) async throws {
        do {
            try await rows("""
                INSERT INTO users (id, email, name, password_hash, created_at)
                VALUES (\(user.id), \(user.email), \(user.name), \(user.passwordHash), \(user.createdAt))
                """)
        } catch let error as PostgresStatementError where error.isConstraintViolation {
            throw StoreError("a user with the email \(user.email) (or the id \(user.id)) already exists")
        }
    }

    public func user(id: String) async throws -> UserAccount? {
        try await rows("SELECT \(unescaped: Self.userColumns) FROM users WHERE id = \(id)").first.map(Self.user)
    }

    public func user(email: String) async throws -> UserAccount? {
        let email = UserAccount.normalisedEmail(email)
        return try await rows("SELECT \(unescaped: Self.userColumns) FROM users WHERE email = \(email)").first.map(Self.user)
    }

    public func users() async throws -> [UserAccount] {
        try await rows("SELECT \(unescaped: Self.userColumns) FROM users ORDER BY email").map(Self.user)
    }

    public func deleteUser(id: String) async throws -> Bool {
        try await !rows("DELETE FROM users WHERE id = \(id) RETURNING 1").isEmpty
    }

    public func setPasswordHash(userId: String, _ hash: String) async throws -> Bool {
        try await transaction { connection in
            let updated = try await connection.rows("UPDATE users SET password_hash = \(hash) WHERE id = \(userId) RETURNING 1", logger: logger)
            guard !updated.isEmpty else { return false }
            try await connection.rows("DELETE FROM web_sessions WHERE user_id = \(userId)", logger: logger)
            return true
        }
    }

    public func setMembership(_ membership: Membership) async throws {
        do {
            try await rows("""
                INSERT INTO project_members (project_id, user_id, role) VALUES (\(membership.projectId), \(membership.userId), \(membership.role.rawValue))
                ON CONFLICT (project_id, user_id) DO UPDATE SET role = excluded.role
                """)
        } catch let error as PostgresStatementError where error.isConstraintViolation {
            throw StoreError("project \(membership.projectId) or user \(membership.userId) does not exist")
        }
    }

    public func removeMembership(projectId: String, userId: String) async throws -> Bool {
        try await !rows("DELETE FROM project_members WHERE project_id = \(projectId) AND user_id = \(userId) RETURNING 1").isEmpty
    }

    public func memberships(userId: String) async throws -> [Membership] {
        try await rows("SELECT project_id, user_id, role FROM project_members WHERE user_id = \(userId) ORDER BY project_id")
            .compactMap(Self.membership)
    }

    public func members(projectId: String) async throws -> [Membership] {
        try await rows("SELECT project_id, user_id, role FROM project_members WHERE project_id = \(projectId)")
            .compactMap(Self.membership)
            .sorted { ($0.role, $0.userId) < ($1.role, $1.userId) }
    }

    public func projects() async throws -> [Project] {
        try await rows("SELECT \(unescaped: Self.projectColumns) FROM projects ORDER BY id").map(Self.project)
    }

    public func createWebSession(_ session: WebSession) async throws {
        try await rows("""
            INSERT INTO web_sessions (token_hash, user_id, csrf_token, created_at, expires_at)
            VALUES (\(session.tokenHash), \(session.userId), \(session.csrfToken), \(session.createdAt), \(session.expiresAt))
            """)
    }

    public func webSession(tokenHash: String, now: EpochMillis) async throws -> WebSession? {
        try await rows("""
            SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM web_sessions
            WHERE token_hash = \(tokenHash) AND expires_at > \(now)
            """).first.map { row in
            let (tokenHash, userId, csrfToken, createdAt, expiresAt) = try row.decode((String, String, String, Int64, Int64).self)
            return WebSession(tokenHash: tokenHash, userId: userId, csrfToken: csrfToken, createdAt: createdAt, expiresAt: expiresAt)
        }
    }

    public func deleteWebSession(tokenHash: String) async throws {
        try await rows("DELETE FROM web_sessions WHERE token_hash = \(tokenHash)")
    }

    public func deleteExpiredWebSessions(now: EpochMillis) async throws -> Int {
        try await rows("DELETE FROM web_sessions WHERE expires_at <= \(now) RETURNING 1").count
    }

    private static let userColumns = "id, email, name, password_hash, created_at"

    private static func user(_ row: PostgresRow) throws -> UserAccount {
        let (id, email, name, passwordHash, createdAt) = try row.decode((String, String, String, String, Int64).self)
        return UserAccount(id: id, email: email, name: name, passwordHash: passwordHash, createdAt: createdAt)
    }

    /// A stored membership; a role this version does not know reads as no membership.
    private static func membership(_ row: PostgresRow) throws -> Membership? {
        let (projectId, userId, role) = try row.decode((String, String, String).self)
        return ProjectRole(rawValue: role).map { Membership(projectId: projectId, userId: userId, role: $0) }
    }
}
