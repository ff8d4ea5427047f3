import GRDB
import LangfarmCore

extension SQLiteStore {
    public func createUser(_ user: UserAccount) async throws {
        do {
            try await write { db in
                try db.execute(
                    sql: "INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [user.id, user.email, user.name, user.passwordHash, user.createdAt]
                )
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError("a user with the email \(user.email) (or the id \(user.id)) already exists")
        }
    }

    public func user(id: String) async throws -> UserAccount? {
        try await pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM users WHERE id = ?", arguments: [id]).map(Self.user) }
    }

    public func user(email: String) async throws -> UserAccount? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE email = ?", arguments: [UserAccount.normalisedEmail(email)]).map(Self.user)
        }
    }

    public func users() async throws -> [UserAccount] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY email").map(Self.user) }
    }

    public func deleteUser(id: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM users WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    public func setPasswordHash(userId: String, _ hash: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "UPDATE users SET password_hash = ? WHERE id = ?", arguments: [hash, userId])
            guard db.changesCount > 0 else { return false }
            try db.execute(sql: "DELETE FROM web_sessions WHERE user_id = ?", arguments: [userId])
            return true
        }
    }

    public func setMembership(_ membership: Membership) async throws {
        do {
            try await write { db in
                try db.execute(
                    sql: """
                        INSERT INTO project_members (project_id, user_id, role) VALUES (?, ?, ?)
                        ON CONFLICT (project_id, user_id) DO UPDATE SET role = excluded.role
                        """,
                    arguments: [membership.projectId, membership.userId, membership.role.rawValue]
                )
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError("project \(membership.projectId) or user \(membership.userId) does not exist")
        }
    }

    public func removeMembership(projectId: String, userId: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM project_members WHERE project_id = ? AND user_id = ?", arguments: [projectId, userId])
            return db.changesCount > 0
        }
    }

    public func memberships(userId: String) async throws -> [Membership] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM project_members WHERE user_id = ? ORDER BY project_id", arguments: [userId])
                .compactMap(Self.membership)
        }
    }

    public func members(projectId: String) async throws -> [Membership] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM project_members WHERE project_id = ?", arguments: [projectId])
                .compactMap(Self.membership)
                .sorted { ($0.role, $0.userId) < ($1.role, $1.userId) }
        }
    }

    public func projects() async throws -> [Project] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, retention_days FROM projects ORDER BY id").map(Self.project)
        }
    }

    public func createWebSession(_ session: WebSession) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO web_sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [session.tokenHash, session.userId, session.csrfToken, session.createdAt, session.expiresAt]
            )
        }
    }

    public func webSession(tokenHash: String, now: EpochMillis) async throws -> WebSession? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM web_sessions WHERE token_hash = ? AND expires_at > ?", arguments: [tokenHash, now])
                .map { WebSession(tokenHash: $0["token_hash"], userId: $0["user_id"], csrfToken: $0["csrf_token"], createdAt: $0["created_at"], expiresAt: $0["expires_at"]) }
        }
    }

    public func deleteWebSession(tokenHash: String) async throws {
        try await write { db in try db.execute(sql: "DELETE FROM web_sessions WHERE token_hash = ?", arguments: [tokenHash]) }
    }

    public func deleteExpiredWebSessions(now: EpochMillis) async throws -> Int {
        try await write { db in
            try db.execute(sql: "DELETE FROM web_sessions WHERE expires_at <= ?", arguments: [now])
            return db.changesCount
        }
    }

    private static func user(_ row: Row) -> UserAccount {
        UserAccount(id: row["id"], email: row["email"], name: row["name"], passwordHash: row["password_hash"], createdAt: row["created_at"])
    }

    /// A stored membership; a role this version does not know reads as no membership.
    private static func membership(_ row: Row) -> Membership? {
        ProjectRole(rawValue: row["role"]).map { Membership(projectId: row["project_id"], userId: row["user_id"], role: $0) }
    }
}
