import LangfarmCore

/// Projects and their API keys: what authentication reads on every request and the `keys`
/// commands write.
public protocol ProjectKeyStore: Sendable {
    /// Creates the project, or renames it if it exists.
    func upsertProject(_ project: Project) async throws
    func project(id: String) async throws -> Project?
    /// Adds a key; fails if the public key or the hashed secret is already in use.
    func insertAPIKey(_ key: APIKeyRecord) async throws
    func apiKey(publicKey: String) async throws -> APIKeyRecord?
    func apiKey(hashedSecret: String) async throws -> APIKeyRecord?
    func apiKeys() async throws -> [APIKeyRecord]
    /// Removes a key; returns whether it existed.
    func revokeAPIKey(publicKey: String) async throws -> Bool
}
