import Foundation
import HTTPTypes
import Hummingbird
import LangfarmCore
import LangfarmStore
import Synchronization

/// What a request is allowed to do, decided from its `Authorization` header.
public struct Principal: Sendable, Equatable {
    public enum AccessLevel: Sendable, Hashable {
        /// Basic auth with a public and secret key: everything in the project.
        case project
        /// Bearer with a public key only: scores (and SDK logs) only.
        case scores
    }

    public let projectId: String
    public let publicKey: String
    public let accessLevel: AccessLevel
    /// The client library making the request, as its headers name it (for the change feed).
    public var sdk: SDKIdentity? = nil
}

/// Langfuse's API key authentication (compat §1), with one deliberate difference: the public key
/// must belong to the secret key.
///
/// Keys are cached for a short time so that the hot path does not read the store on every
/// request; a revoked key stops working within `cacheTTL`.
public final class Authenticator: Sendable {
    private let store: any Store
    private let salt: String
    private let cacheTTL: Duration
    private let cache = Mutex<[String: (record: APIKeyRecord?, expires: ContinuousClock.Instant)]>([:])

    public init(store: any Store, salt: String, cacheTTL: Duration = .seconds(10)) {
        self.store = store
        self.salt = salt
        self.cacheTTL = cacheTTL
    }

    /// Authenticates a request for a route that admits `allowed` access levels. Throws an
    /// `APIError` with Langfuse's status and message; `errorName` adds the `error` field that
    /// the ingestion endpoint uses.
    public func authenticate(
        _ request: Request, allowed: Set<Principal.AccessLevel> = [.project], errorName: String? = nil
    ) async throws -> Principal {
        func unauthorized(_ message: String) -> APIError {
            APIError(.unauthorized, message, error: errorName.map(JSONValue.string))
        }
        guard let header = request.headers[.authorization] else { throw unauthorized("No authorization header") }
        let principal: Principal
        if header.hasPrefix("Basic ") {
            guard let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
                  let credentials = String(data: decoded, encoding: .utf8)
            else { throw unauthorized("Invalid authorization header") }
            let parts = credentials.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw unauthorized("Invalid authorization header") }
            let publicKey = String(parts[0])
            let secretKey = String(parts[1])
            guard let record = try await key(publicKey: publicKey),
                  APIKeys.constantTimeEquals(record.hashedSecret, APIKeys.hashSecret(secretKey, salt: salt))
            else { throw unauthorized("Invalid credentials. Confirm that you've configured the correct host.") }
            principal = Principal(projectId: record.projectId, publicKey: publicKey, accessLevel: .project)
        } else if header.hasPrefix("Bearer ") {
            let publicKey = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            guard let record = try await key(publicKey: publicKey) else {
                throw unauthorized("Invalid public key. Confirm that you've configured the correct host.")
            }
            principal = Principal(projectId: record.projectId, publicKey: publicKey, accessLevel: .scores)
        } else {
            throw unauthorized("Invalid authorization header")
        }
        guard allowed.contains(principal.accessLevel) else {
            throw APIError(.forbidden, "Access denied - insufficient permissions for this endpoint", error: errorName.map { _ in .string("ForbiddenError") })
        }
        var identified = principal
        identified.sdk = Self.sdk(of: request)
        return identified
    }

    /// SDK 2.x sends `x_langfuse_sdk_name`, later SDKs `x-langfuse-sdk-name`.
    static func sdk(of request: Request) -> SDKIdentity? {
        func header(_ name: String) -> String? {
            for spelling in [name, name.replacingOccurrences(of: "-", with: "_")] {
                if let field = HTTPField.Name(spelling), let value = request.headers[field] { return String(value.prefix(200)) }
            }
            return nil
        }
        guard let name = header("x-langfuse-sdk-name") else { return nil }
        return SDKIdentity(name: name, version: header("x-langfuse-sdk-version"))
    }

    private func key(publicKey: String) async throws -> APIKeyRecord? {
        let now = ContinuousClock.now
        if let cached = cache.withLock({ $0[publicKey] }), cached.expires > now {
            return cached.record
        }
        let record: APIKeyRecord?
        do {
            record = try await store.apiKey(publicKey: publicKey)
        } catch {
            throw APIError.storeUnavailable
        }
        cache.withLock { entries in
            if entries.count > 10_000 {
                entries = entries.filter { $0.value.expires > now }
                if entries.count > 10_000 { entries.removeAll() }
            }
            entries[publicKey] = (record, now + cacheTTL)
        }
        return record
    }
}
