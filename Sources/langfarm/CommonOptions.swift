import ArgumentParser
import Foundation
import LangfarmKafka
import LangfarmServer
import LangfarmStore
import Logging

/// The data directory, readable from the environment too.
struct DataDirOption: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Where the embedded store's data lives (env: LANGFARM_DATA_DIR).")
    var path: String = ProcessInfo.processInfo.environment["LANGFARM_DATA_DIR"] ?? "./langfarm-data"
}

/// Which store a command works on: the embedded one in `--data-dir`, or the PostgreSQL database
/// of `--database-url` that servers share. Every command that touches the store takes these.
struct StoreOptions: ParsableArguments {
    @OptionGroup var dataDir: DataDirOption

    @Option(name: .customLong("database-url"), help: "A PostgreSQL store shared by several servers, postgres://user:password@host:5432/database; libpq's sslmode applies (env: DATABASE_URL). Unset: the embedded store in --data-dir.")
    var databaseURLOption: String?

    /// The flag, else the environment: ArgumentParser takes no default for an optional option.
    var databaseURL: String? { databaseURLOption ?? ProcessInfo.processInfo.environment["DATABASE_URL"] }

    func location() throws -> StoreLocation {
        try StoreLocation(databaseURL: databaseURL, dataDirectory: dataDir.path)
    }

    /// Opens the store, runs `body` on it and closes it. The store records row changes for the
    /// Kafka change feed whenever a server has enabled it: a command that rewrites rows
    /// (rebuild, cost recomputation) feeds the lake too.
    func withStore<Value>(_ body: (any Store, StoreLocation) async throws -> Value) async throws -> Value {
        let location = try location()
        let opened = try await location.open(logger: CommandLogging.logger, changeEncoder: LakeMessageEncoder())
        do {
            let value = try await body(opened.store, location)
            await opened.close()
            return value
        } catch {
            await opened.close()
            throw error
        }
    }
}

enum CommandLogging {
    /// Logs go to standard error through swift-log; `LOG_LEVEL` sets the level (default info).
    /// Set up once per process, on first use.
    static let logger: Logger = {
        let level = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "langfarm")
    }()
}
