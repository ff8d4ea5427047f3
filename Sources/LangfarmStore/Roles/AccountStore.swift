import LangfarmCore

/// Users of the web UI, their project memberships and their signed-in sessions. Part of `Store`:
/// every server sharing a store sees the same users and sessions.
public protocol AccountStore: Sendable {
    /// Adds a user; throws `StoreError` if the email is taken.
    func createUser(_ user: UserAccount) async throws
    func user(id: String) async throws -> UserAccount?
    /// By email, compared as `UserAccount.normalisedEmail`.
    func user(email: String) async throws -> UserAccount?
    /// All users, by email.
    func users() async throws -> [UserAccount]
    /// Removes a user with their memberships and sessions; returns whether it existed.
    func deleteUser(id: String) async throws -> Bool
    /// Replaces a user's password hash and ends all their sessions.
    func setPasswordHash(userId: String, _ hash: String) async throws -> Bool

    /// Adds a member, or changes the role of an existing one.
    func setMembership(_ membership: Membership) async throws
    /// Returns whether the user was a member.
    func removeMembership(projectId: String, userId: String) async throws -> Bool
    /// The user's memberships, by project id.
    func memberships(userId: String) async throws -> [Membership]
    /// The project's members, owners first, then by user id.
    func members(projectId: String) async throws -> [Membership]
    /// All projects, by id.
    func projects() async throws -> [Project]

    func createWebSession(_ session: WebSession) async throws
    /// The session with this token hash, if it has not expired at `now`.
    func webSession(tokenHash: String, now: EpochMillis) async throws -> WebSession?
    func deleteWebSession(tokenHash: String) async throws
    /// Removes sessions that expired before `now`; returns how many.
    func deleteExpiredWebSessions(now: EpochMillis) async throws -> Int
}
