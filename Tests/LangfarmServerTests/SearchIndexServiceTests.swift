import Foundation
import LangfarmCore
import LangfarmStore
import Logging
import Synchronization
import Testing
@testable import LangfarmServer

@Suite struct SearchIndexServiceTests {
    static var quiet: Logger {
        var logger = Logger(label: "search-index-service-tests")
        logger.logLevel = .critical
        return logger
    }

    static var fast: SearchIndexService.Settings {
        var settings = SearchIndexService.Settings()
        settings.quietPeriod = .zero
        settings.batchSize = 2
        settings.idlePoll = .milliseconds(10)
        settings.initialBackoff = .milliseconds(10)
        settings.executor = testExecutor
        return settings
    }

    /// At the default priority: the server's background priority let a busy machine starve the
    /// service for longer than the test waits.
    static let testExecutor = BackgroundExecutor(name: "search-index-tests", lowersPriority: false)

    /// Runs the service until `done` holds (at most 120 s), then cancels it. Alone, each test
    /// takes milliseconds; inside the whole suite, where hundreds of tests share two cores, the
    /// service was seen to stall for 30–50 s before it went on (cause not found yet: the
    /// closing note of issue 14's first stop asks for a look).
    static func run(_ service: SearchIndexService, until done: @Sendable () async throws -> Bool) async throws {
        let task = Task { try await service.run() }
        let deadline = ContinuousClock.now + .seconds(120)
        while try await !done(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        task.cancel()
        try await task.value
    }

    @Test func indexesTheBacklogOfAStore() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("langfarm-search-service-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await SQLiteStore.open(path: directory.appendingPathComponent("langfarm.sqlite").path)
        let events = (1...5).map { index in
            let text = #"{"id":"e\#(index)","type":"trace-create","timestamp":"2026-11-25T09:00:00.000Z","body":{"id":"t\#(index)","input":"word\#(index)"}}"#
            guard case .success(let event) = EventNormaliser.normalise(try! JSONValue.parse(Data(text.utf8))) else { fatalError("fixture rejected") }
            return event
        }
        try await store.commit([EventBatch(projectId: "p", events: events, receivedAt: 1_795_600_000_000)])
        #expect(try await store.searchBacklog().traces == 5)

        try await Self.run(SearchIndexService(indexer: store, settings: Self.fast, logger: Self.quiet)) {
            try await store.searchBacklog().traces == 0
        }
        #expect(try await store.searchBacklog().traces == 0)
    }

    /// A failing store is retried, and the service goes on indexing afterwards.
    @Test func outlivesAFailingStore() async throws {
        let indexer = ScriptedIndexer(rounds: [.failure, .traces(2), .traces(2), .traces(1)])
        try await Self.run(SearchIndexService(indexer: indexer, settings: Self.fast, logger: Self.quiet)) {
            indexer.calls >= 5
        }
        #expect(indexer.calls >= 5)
        #expect(indexer.indexed == 5)
    }
}

/// An indexer that plays a script of rounds, then finds nothing to do.
final class ScriptedIndexer: SearchIndexer {
    enum Round { case failure, traces(Int) }
    struct Failure: Error {}
    private let state: Mutex<(script: [Round], calls: Int, indexed: Int)>

    init(rounds: [Round]) {
        state = Mutex((rounds, 0, 0))
    }

    var calls: Int { state.withLock { $0.calls } }
    var indexed: Int { state.withLock { $0.indexed } }

    func indexSettledTraces(quietFor quietPeriod: Duration, limit: Int) async throws -> SearchIndexingRound {
        let round = state.withLock { state -> Round in
            state.calls += 1
            return state.script.isEmpty ? .traces(0) : state.script.removeFirst()
        }
        switch round {
        case .failure: throw Failure()
        case .traces(let count):
            state.withLock { $0.indexed += count }
            return SearchIndexingRound(traces: count, documentsChanged: count)
        }
    }

    func searchBacklog() async throws -> SearchBacklogStatus {
        SearchBacklogStatus(traces: 0, oldestChange: nil)
    }
}
