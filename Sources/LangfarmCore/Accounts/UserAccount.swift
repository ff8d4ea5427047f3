import Foundation

/// A person who signs in to the web UI. Passwords are kept only as bcrypt hashes, as Langfuse
/// keeps them; the email is the sign-in name, compared lower-cased.
public struct UserAccount: Sendable, Equatable {
    public let id: String
    public var email: String
    public var name: String
    public var passwordHash: String
    public let createdAt: EpochMillis

    public init(id: String, email: String, name: String, passwordHash: String, createdAt: EpochMillis) {
        self.id = id
        self.email = UserAccount.normalisedEmail(email)
        self.name = name
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }

    /// How an email is stored and looked up: trimmed and lower-cased, so that `Ada@Example.com`
    /// signs in as `ada@example.com`.
    public static func normalisedEmail(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
