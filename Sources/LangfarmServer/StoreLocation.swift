import Foundation
import LangfarmPostgres
import LangfarmStore
import Logging

/// Where a server's store lives, chosen by the database URL: without one, the embedded SQLite
/// file in the data directory (one server, no setup); with `postgres://…`, a PostgreSQL
/// database that several servers share (docs/POSTGRES.md).
public enum StoreLocation: Sendable, CustomStringConvertible {
    case embedded(DataDirectory)
    case postgres(url: String)

    /// `databaseURL` (from `--database-url` or `DATABASE_URL`) when set, else the data directory.
    /// A URL that is not a PostgreSQL one is refused here, naming what is wrong with it.
    public init(databaseURL: String?, dataDirectory: String) throws {
        guard let databaseURL, !databaseURL.isEmpty else {
            self = .embedded(DataDirectory(path: dataDirectory))
            return
        }
        _ = try PostgresURL(parsing: databaseURL)
        self = .postgres(url: databaseURL)
    }

    /// Opens (and migrates) the store. `changeEncoder` lets it record row changes for the
    /// Kafka change feed while the feed is enabled. Close it with `OpenedStore.close()`.
    public func open(logger: Logger, changeEncoder: (any ChangeEncoder)? = nil) async throws -> OpenedStore {
        switch self {
        case .embedded(let directory):
            return OpenedStore(store: try await directory.openStore(changeEncoder: changeEncoder), close: {})
        case .postgres(let url):
            let store = try await PostgresStore.connect(url: url, logger: logger, changeEncoder: changeEncoder)
            return OpenedStore(store: store, close: { await store.shutdown() })
        }
    }

    /// The `SALT` API secrets are hashed with. The embedded store falls back to a salt generated
    /// into its data directory. A shared store requires `SALT`: every server, and every CLI
    /// command, must hash with the same one, or keys created through one stop working on another.
    public func salt(environment: [String: String], logger: Logger) throws -> String {
        switch self {
        case .embedded(let directory):
            return try directory.salt(environment: environment, logger: logger)
        case .postgres:
            guard let salt = environment["SALT"], !salt.isEmpty else {
                throw StoreError("SALT is not set: with a PostgreSQL store, set the same SALT (any long random string) for every server and CLI command, e.g. SALT=$(openssl rand -hex 32)")
            }
            return salt
        }
    }

    /// Where the data is, for log lines and messages; never the password.
    public var description: String {
        switch self {
        case .embedded(let directory):
            return directory.databasePath
        case .postgres(let url):
            return PostgresURL.redacting(url)
        }
    }
}

/// An open store and how to close it (the PostgreSQL pool's connections; nothing for SQLite).
public struct OpenedStore: Sendable {
    public let store: any Store
    public let close: @Sendable () async -> Void
}
