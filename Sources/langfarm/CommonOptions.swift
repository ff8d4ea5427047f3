import ArgumentParser
import Foundation
import LangfarmKafka
import LangfarmServer
import LangfarmStore
import Logging

/// Options every command shares, each also readable from the environment.
struct DataDirOption: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Where data lives (env: LANGFARM_DATA_DIR).")
    var path: String = ProcessInfo.processInfo.environment["LANGFARM_DATA_DIR"] ?? "./langfarm-data"

    var directory: DataDirectory { DataDirectory(path: path) }

    /// The store, recording row changes for the Kafka change feed whenever a server has
    /// enabled it: a command that rewrites rows (rebuild, cost recomputation) feeds the lake too.
    func openStore() async throws -> SQLiteStore {
        try await directory.openStore(changeEncoder: LakeMessageEncoder())
    }
}

enum CommandLogging {
    /// Logs go to standard error through swift-log; `LOG_LEVEL` sets the level (default info).
    static func bootstrap() -> Logger {
        let level = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "langfarm")
    }
}
