import Foundation
import GRDB
import LangfarmCore
@testable import LangfarmStore
import Logging
import Testing
@testable import LangfarmServer

/// The retention job: which window applies to which project, a pass expiring what is due, the
/// space given back, and the running service picking up a window changed under it.
@Suite struct RetentionServiceTests {
    static let day: EpochMillis = 86_400_000
    static let now: EpochMillis = 1_795_600_000_000

    static var quiet: Logger {
        var logger = Logger(label: "retention-service-tests")
        logger.logLevel = .critical
        return logger
    }

    /// A store with projects "own" (which sets 5 days), "default" (which follows the server)
    /// and "forever" (which keeps everything whatever the default), each holding one trace per
    /// age in `ages` (days before `now`, as the trace's timestamp), with a padded input.
    static func store(ages: [Double], padding: Int = 100) async throws -> (store: SQLiteStore, path: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("langfarm-retention-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("langfarm.sqlite").path
        let store = try await SQLiteStore.open(path: path)
        for project in ["own", "default", "forever"] {
            try await store.upsertProject(Project(id: project, name: project))
            let events = ages.enumerated().map { index, age in
                trace(id: "\(project)-\(index)", at: now - EpochMillis(age * Double(day)), input: String(repeating: "x", count: padding))
            }
            try await store.commit([EventBatch(projectId: project, events: events, receivedAt: now)])
        }
        _ = try await store.setRetention(projectId: "own", .days(5))
        _ = try await store.setRetention(projectId: "forever", .forever)
        return (store, path)
    }

    static func trace(id: String, at time: EpochMillis, input: String) -> NormalisedEvent {
        let body: JSONValue = ["id": .string(id), "timestamp": .string(ISO8601.format(time)), "input": .string(input)]
        let envelope: JSONValue = ["id": .string("\(id)-e"), "type": "trace-create", "timestamp": .string(ISO8601.format(time)), "body": body]
        guard case .success(let event) = EventNormaliser.normalise(envelope) else { fatalError("fixture rejected") }
        return event
    }

    static func traceIds(_ store: SQLiteStore, _ project: String) async throws -> [String] {
        try await store.traces(TraceListQuery(projectId: project, page: PageRequest(page: 1, limit: 100))).items.map(\.trace.id).sorted()
    }

    @Test func aPassExpiresEachProjectByTheWindowThatAppliesToIt() async throws {
        let (store, _) = try await Self.store(ages: [1, 4.9, 5.1, 9.9, 10.1, 400])
        let service = RetentionService(store: store, policy: RetentionPolicy(defaultRetention: .days(10)), logger: Self.quiet)
        let expired = try await service.expireDueRows(now: Self.now)
        #expect(expired == ExpiredRows(traces: 4 + 2))
        #expect(try await Self.traceIds(store, "own") == ["own-0", "own-1"])
        #expect(try await Self.traceIds(store, "default") == ["default-0", "default-1", "default-2", "default-3"])
        #expect(try await Self.traceIds(store, "forever").count == 6)
        #expect(try await service.expireDueRows(now: Self.now) == ExpiredRows(), "a second pass finds nothing")
        // A day later, another day's worth is due.
        #expect(try await service.expireDueRows(now: Self.now + Self.day) == ExpiredRows(traces: 1 + 1))
    }

    @Test func withoutADefaultOnlyProjectsWithAWindowExpire() async throws {
        let (store, _) = try await Self.store(ages: [1, 30, 4_000])
        let service = RetentionService(store: store, policy: RetentionPolicy(), logger: Self.quiet)
        #expect(try await service.expireDueRows(now: Self.now) == ExpiredRows(traces: 2))
        #expect(try await Self.traceIds(store, "default").count == 3)
    }

    @Test func expiryGivesTheSpaceBackToTheFileSystem() async throws {
        let (store, path) = try await Self.store(ages: Array(repeating: 30, count: 60) + [1], padding: 20_000)
        let size = { try (FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
        let checkpoint = { try await store.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") } }
        try await checkpoint()
        let before = try size()
        let service = RetentionService(store: store, policy: RetentionPolicy(defaultRetention: .days(10)), logger: Self.quiet)
        #expect(try await service.expireDueRows(now: Self.now).traces == 60 + 60)
        try await checkpoint()
        let freePages = try await store.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? -1 }
        #expect(freePages == 0, "every free page was given back")
        let after = try size()
        #expect(after < before / 2, "the file shrank from \(before) to \(after) bytes")
        #expect(try await Self.traceIds(store, "own") == ["own-60"])
    }

    /// The running service applies a window set while it runs, at its next pass.
    @Test func theRunningServiceAppliesAChangedWindow() async throws {
        let (store, _) = try await Self.store(ages: [1, 30])
        var settings = RetentionService.Settings()
        settings.interval = .milliseconds(20)
        let service = RetentionService(store: store, policy: RetentionPolicy(), settings: settings, logger: Self.quiet)
        let task = Task { try await service.run() }
        defer { task.cancel() }
        let deadline = ContinuousClock.now + .seconds(60)
        func waitFor(_ project: String, count: Int) async throws {
            while try await Self.traceIds(store, project).count != count, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        // The fixtures' "now" is in the past of the real clock: a 5-day window expires both.
        try await waitFor("own", count: 0)
        #expect(try await Self.traceIds(store, "own").isEmpty)
        #expect(try await Self.traceIds(store, "default").count == 2)
        _ = try await store.setRetention(projectId: "default", .days(Retention.minimumDays))
        try await waitFor("default", count: 0)
        #expect(try await Self.traceIds(store, "default").isEmpty)
        #expect(try await Self.traceIds(store, "forever").count == 2)
    }
}
