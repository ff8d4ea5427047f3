import LangfarmStore
import Logging
import PostgresNIO
import Synchronization

/// The store on PostgreSQL, which several Langfarm servers share: each holds a pool of
/// connections to the same database, and everything a server must agree on with the others
/// (keys, users, sessions, model prices) lives there rather than in the process.
///
/// Open it with `connect(url:logger:startupTimeout:)`, which waits for the database and
/// migrates it, and end it with `shutdown()`.
public final class PostgresStore: Sendable {
    let client: PostgresClient
    let logger: Logger
    /// Where the database is, password left out: how messages name it.
    let databaseName: String
    /// Where to probe whether the database answers, when a statement waits long for a connection.
    let url: PostgresURL
    /// Runs the pool's background work (connecting, keep-alives) until cancelled.
    private let poolTask: Task<Void, Never>
    /// Encodes the messages of row changes; without one, no change is recorded.
    let changeEncoder: (any ChangeEncoder)?
    let prices = PostgresPriceBookCache()
    /// The newest change sequence this process has committed (`ChangeFeed.lastRecordedSequence`).
    let lastRecorded = Atomic<Int64>(0)
    /// How long a statement waits for a pooled connection before the store checks whether the
    /// database answers at all (`PostgresConnectionLease.swift`).
    let connectionWait: Duration

    private init(url: PostgresURL, logger: Logger, changeEncoder: (any ChangeEncoder)?, connectionWait: Duration) {
        let client = PostgresClient(configuration: url.clientConfiguration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        self.changeEncoder = changeEncoder
        self.connectionWait = connectionWait
        self.url = url
        databaseName = "\(url.endpoint)/\(url.database)"
        poolTask = Task { await client.run() }
    }

    /// Connects to the database at `url` (`postgres://user:password@host:5432/database`, see
    /// `PostgresURL`) and migrates it to this build's schema.
    ///
    /// While the database does not answer, this logs an error naming its host and port and
    /// tries again with growing pauses, for up to `startupTimeout`: servers are often started
    /// together with their database. A refusal (a wrong password, an unknown database) fails at
    /// once, as does a database a newer Langfarm has migrated. With a `changeEncoder`, every
    /// committed row change is also recorded in the outbox while the change feed is enabled.
    ///
    /// Once running, a statement that gets no connection within `connectionWait` while the
    /// database does not answer fails with `StoreUnavailableError`; the pool reconnects by itself
    /// when the database is back.
    public static func connect(
        url: String, logger: Logger, startupTimeout: Duration = .seconds(60), connectionWait: Duration = .seconds(5),
        changeEncoder: (any ChangeEncoder)? = nil
    ) async throws -> PostgresStore {
        let url = try PostgresURL(parsing: url)
        try await PostgresAvailability.wait(for: url, upTo: startupTimeout, logger: logger)
        let store = PostgresStore(url: url, logger: logger, changeEncoder: changeEncoder, connectionWait: connectionWait)
        do {
            try await store.migrator.migrate(store.client)
        } catch {
            await store.shutdown()
            throw error
        }
        logger.info("using PostgreSQL at \(url.redacted), schema version \(PostgresSchema.newestVersion)")
        return store
    }

    var migrator: PostgresMigrator {
        PostgresMigrator(migrations: PostgresSchema.migrations, lockKey: PostgresSchema.migrationLockKey, database: databaseName, logger: logger)
    }

    /// Closes the pool's connections. Statements still running fail; the store cannot be used
    /// afterwards.
    public func shutdown() async {
        poolTask.cancel()
        await poolTask.value
    }

    /// A store dropped without `shutdown()` still closes its connections.
    deinit {
        poolTask.cancel()
    }

    /// One statement's rows, on a pooled connection.
    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await leasing(inTransaction: false) { [logger] connection in try await connection.rows(query, logger: logger) }
    }

    /// Runs `body` in one transaction; see `PostgresClient.transaction`.
    func transaction<Value: Sendable>(_ body: (PostgresConnection) async throws -> Value) async throws -> Value {
        try await leasing(inTransaction: true, body)
    }
}
