import Foundation
import LangfarmCore
import LangfarmStore
import LangfarmWeb
import Logging

/// The data directory: the SQLite file, and the generated salt when `SALT` is not set.
public struct DataDirectory: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public var databasePath: String { (path as NSString).appendingPathComponent("langfarm.sqlite") }
    var saltPath: String { (path as NSString).appendingPathComponent("salt") }

    /// Creates the directory if needed and opens the embedded store in it. `changeEncoder`
    /// lets the store record row changes for the Kafka change feed while the feed is enabled.
    public func openStore(changeEncoder: (any ChangeEncoder)? = nil) async throws -> SQLiteStore {
        try create()
        return try await SQLiteStore.open(path: databasePath, changeEncoder: changeEncoder)
    }

    private func create() throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw StoreError("cannot create the data directory \(path): \(error.localizedDescription)")
        }
    }

    /// `SALT` from the environment; otherwise a salt generated once and kept in the data
    /// directory (with a warning: keys hashed with it only work with this data directory).
    public func salt(environment: [String: String], logger: Logger) throws -> String {
        if let salt = environment["SALT"], !salt.isEmpty { return salt }
        try create()
        let generated = (0..<4).map { _ in UUID().uuidString.replacingOccurrences(of: "-", with: "") }.joined().lowercased()
        // Created exclusively (O_EXCL): if the file exists, or another process creates it first,
        // its salt is used. Never regenerate over it: every key hashed with it would stop working.
        let descriptor = open(saltPath, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            guard errno == EEXIST else { throw StoreError("cannot create \(saltPath): \(String(cString: strerror(errno)))") }
            guard let saved = try? String(contentsOfFile: saltPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
                  !saved.isEmpty
            else { throw StoreError("cannot read the salt in \(saltPath); restore it or set SALT") }
            return saved
        }
        let written = generated.withCString { write(descriptor, $0, strlen($0)) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == generated.utf8.count, synced == 0 else {
            throw StoreError("cannot write the generated salt to \(saltPath)")
        }
        logger.warning("SALT is not set: generated one and saved it in \(saltPath). Set SALT to share keys between data directories or servers.")
        return generated
    }
}

/// Langfuse's headless initialisation: `LANGFUSE_INIT_PROJECT_*` create a project and its key
/// at start-up, `LANGFUSE_INIT_USER_*` a UI user who owns that project. Running it again with
/// the same values changes nothing.
public enum HeadlessInit {
    public static func apply(environment: [String: String], store: any Store, salt: String, logger: Logger) async throws {
        guard let projectId = environment["LANGFUSE_INIT_PROJECT_ID"], !projectId.isEmpty else { return }
        let name = environment["LANGFUSE_INIT_PROJECT_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? projectId
        try await store.upsertProject(Project(id: projectId, name: name))
        try await initUser(environment: environment, projectId: projectId, store: store, logger: logger)
        guard let publicKey = environment["LANGFUSE_INIT_PROJECT_PUBLIC_KEY"], !publicKey.isEmpty,
              let secretKey = environment["LANGFUSE_INIT_PROJECT_SECRET_KEY"], !secretKey.isEmpty
        else {
            logger.info("Initialised project \(projectId) (no LANGFUSE_INIT_PROJECT_PUBLIC_KEY/SECRET_KEY, so no key)")
            return
        }
        let hashed = APIKeys.hashSecret(secretKey, salt: salt)
        if let existing = try await store.apiKey(publicKey: publicKey) {
            guard existing.projectId == projectId, APIKeys.constantTimeEquals(existing.hashedSecret, hashed) else {
                throw StoreError("LANGFUSE_INIT_PROJECT_PUBLIC_KEY \(publicKey) already exists with another secret or project; revoke it first")
            }
            return
        }
        try await store.insertAPIKey(APIKeyRecord(
            publicKey: publicKey, hashedSecret: hashed, displaySecret: APIKeys.displaySecret(secretKey),
            projectId: projectId, name: "headless-init", createdAt: EpochMillis.now
        ))
        logger.info("Initialised project \(projectId) with key \(publicKey)")
    }
}

extension HeadlessInit {
    /// As Langfuse: an existing user (by email) keeps their password; either way they become
    /// the project's owner.
    static func initUser(environment: [String: String], projectId: String, store: any Store, logger: Logger) async throws {
        guard let email = environment["LANGFUSE_INIT_USER_EMAIL"], !email.isEmpty else { return }
        let user: UserAccount
        if let existing = try await store.user(email: email) {
            user = existing
        } else {
            guard let password = environment["LANGFUSE_INIT_USER_PASSWORD"], !password.isEmpty else {
                throw StoreError("LANGFUSE_INIT_USER_EMAIL is set without LANGFUSE_INIT_USER_PASSWORD")
            }
            if let problem = Passwords.problem(with: password) { throw StoreError("LANGFUSE_INIT_USER_PASSWORD: \(problem)") }
            user = UserAccount(
                id: UUID().uuidString.lowercased(), email: email,
                name: environment["LANGFUSE_INIT_USER_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? email,
                passwordHash: Passwords.hash(password), createdAt: .now
            )
            try await store.createUser(user)
            logger.info("Initialised user \(user.email)")
        }
        try await store.setMembership(Membership(projectId: projectId, userId: user.id, role: .owner))
    }
}
