import Foundation
import LangfarmCore
import LangfarmStore
import Logging
import Metrics
import Synchronization
import Testing
@testable import LangfarmKafka

/// What every relay test needs: its own SQLite store (change feed on, real lake encoder), its
/// own topic prefix, and a relay whose backoffs are short enough for a test.
struct RelayWorld: Sendable {
    let store: SQLiteStore
    let topics: LakeTopics
    /// Every message value the store had encoded, by row version: what each consumed record
    /// must equal, even for changes the relay cleared before the test could read the outbox.
    let committed = RecordingLakeEncoder()
    let monitor = ChangeFeedMonitor(capacity: nil)
    let logs = LogRecorder()
    private let directory: URL

    /// Runs `body` with a fresh world and deletes its store afterwards, even when `body` throws.
    static func with<T>(_ body: (RelayWorld) async throws -> T) async throws -> T {
        let world = try await RelayWorld()
        do {
            let result = try await body(world)
            world.remove()
            return result
        } catch {
            world.remove()
            throw error
        }
    }

    private init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("langfarm-relay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try await SQLiteStore.open(path: directory.appendingPathComponent("store.sqlite").path, changeEncoder: committed)
        try await store.setChangeFeed(enabled: true)
        topics = LakeTopics(prefix: "relay-\(UUID().uuidString.prefix(8).lowercased())-")
    }

    /// The same store opened again, as a restarted server opens it: nothing of the first one's
    /// memory (its window of recent changes), only what the file holds.
    func restarted() async throws -> SQLiteStore {
        try await SQLiteStore.open(path: directory.appendingPathComponent("store.sqlite").path, changeEncoder: committed)
    }

    private func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A Kafka publisher for this world's topics. `properties` are librdkafka overrides (the
    /// outage tests shorten `message.timeout.ms` and the reconnect backoff).
    func publisher(brokers: String, partitions: Int32 = 3, properties: [String: String] = [:]) async throws -> KafkaChangePublisher {
        var settings = KafkaChangePublisher.Settings(brokers: brokers, topics: topics)
        settings.partitions = partitions
        settings.properties = properties
        return try await KafkaChangePublisher(
            settings: settings, libraryPath: KafkaTestEnvironment.requireLibrary().path, logger: Self.quietLogger
        )
    }

    /// A relay that retries quickly: the outage tests wait for it to notice a broker coming back.
    func relay(
        _ publisher: any ChangePublisher, batchSize: Int = 500, store: SQLiteStore? = nil,
        metrics: any MetricsFactory = MetricsSystem.factory, lease: Duration = .seconds(10)
    ) -> OutboxRelay {
        var settings = OutboxRelay.Settings()
        settings.batchSize = batchSize
        settings.lease = lease
        settings.leaseRetry = lease / 5
        settings.idlePoll = .milliseconds(20)
        settings.initialBackoff = .milliseconds(100)
        settings.maximumBackoff = .milliseconds(800)
        return OutboxRelay(
            store: store ?? self.store, publisher: publisher, monitor: monitor, settings: settings, logger: logs.logger,
            metricsFactory: metrics
        )
    }

    /// Every pending change, oldest first (read before the relay clears them).
    func pending() async throws -> [OutboxEntry] {
        try await store.pendingChanges(after: 0, limit: 100_000).entries
    }

    /// librdkafka's connection-refused lines are expected in these tests; keep them out.
    static var quietLogger: Logger {
        var logger = Logger(label: "test.relay.kafka")
        logger.logLevel = .critical
        return logger
    }
}

/// A relay running `run()` in a task, as the server's service group runs it.
struct RunningRelay {
    let task: Task<Void, any Error>

    init(_ relay: OutboxRelay) {
        task = Task { try await relay.run() }
    }

    /// For a `defer`: a test that throws half-way must not leave a relay retrying in the
    /// background of the other suites.
    func cancel() {
        task.cancel()
    }

    /// Cancels the loop and waits for it to end; the relay must not have failed on its own.
    func stop() async {
        task.cancel()
        if case .failure(let error) = await task.result, !(error is CancellationError) {
            Issue.record("the relay stopped with \(error)")
        }
    }
}

/// Waits until `condition` holds, polling; fails the test (with `what`) after `timeout`.
/// Timeouts are generous: the tests run beside other suites on two cores.
func eventually(
    _ what: @autoclosure () -> String, timeout: Duration = .seconds(90),
    sourceLocation: SourceLocation = #_sourceLocation, _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    let message = what()
    Issue.record("timed out waiting for: \(message)", sourceLocation: sourceLocation)
    throw SetupError("timed out waiting for: \(message)")
}

/// Log lines the relay wrote, so a test can check that a failure was reported, not just survived.
final class LogRecorder: Sendable {
    private let lines = Mutex<[(level: Logger.Level, message: String)]>([])

    var logger: Logger {
        Logger(label: "test.relay") { _ in Handler(recorder: self) }
    }

    func messages(atLeast level: Logger.Level) -> [String] {
        lines.withLock { $0.filter { $0.level >= level }.map(\.message) }
    }

    fileprivate func append(_ level: Logger.Level, _ message: String) {
        lines.withLock { $0.append((level, message)) }
    }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let details = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            recorder.append(event.level, "\(event.message) \(details)")
        }
    }
}

/// The real `LakeMessageEncoder`, remembering what it encoded for each version.
final class RecordingLakeEncoder: ChangeEncoder {
    struct Change: Sendable, Equatable {
        let kind: EntityKind
        let projectId: String
        let entityId: String
        let key: String
        let value: String
    }

    private let encoder = LakeMessageEncoder()
    private let changes = Mutex<[Int64: Change]>([:])

    func messageValue(for change: RowChange, version: Int64) -> String {
        let value = encoder.messageValue(for: change, version: version)
        let recorded = Change(kind: change.kind, projectId: change.projectId, entityId: change.entityId, key: change.partitionKey, value: value)
        changes.withLock { $0[version] = recorded }
        return value
    }

    subscript(version: Int64) -> Change? { changes.withLock { $0[version] } }
}
