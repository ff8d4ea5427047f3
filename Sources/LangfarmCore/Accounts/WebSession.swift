/// A signed-in browser. The cookie carries a random token; the store keeps only its SHA-256, so
/// a copy of the database signs nobody in. Each session has its own CSRF token, which every
/// state-changing form must send back.
public struct WebSession: Sendable, Equatable {
    public let tokenHash: String
    public let userId: String
    public let csrfToken: String
    public let createdAt: EpochMillis
    public let expiresAt: EpochMillis

    public init(tokenHash: String, userId: String, csrfToken: String, createdAt: EpochMillis, expiresAt: EpochMillis) {
        self.tokenHash = tokenHash
        self.userId = userId
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
