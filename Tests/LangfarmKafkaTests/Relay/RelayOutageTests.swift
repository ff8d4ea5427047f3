import Foundation
import LangfarmCore
import LangfarmStore
import Testing
@testable import LangfarmKafka

/// The broker going away: changes wait in the outbox (nothing is cleared without a delivery
/// report from the broker) and are delivered once it is back, without restarting the relay.
@Suite("Outbox relay through broker outages", .enabled(if: KafkaTestEnvironment.brokerTestsEnabled))
struct RelayOutageTests {
    typealias F = RelayFixtures

    /// Short delivery timeout and reconnect backoff, so that failures and recovery are quick.
    static let outageProperties = [
        "message.timeout.ms": "2000", "reconnect.backoff.ms": "50", "reconnect.backoff.max.ms": "500",
    ]

    @Test("with no broker at start the relay keeps the outbox, reports why, and delivers everything once the broker appears")
    func brokerUnreachableAtStart() async throws {
        let broker = try TansuBroker()  // its port is reserved; nothing listens yet
        defer { broker.stop() }
        try await RelayWorld.with { world in
            try await world.store.commit([F.batch(F.trace("ta"), sdk: F.python)])
            let before = try await world.store.outboxStatus()
            let publisher = try await world.publisher(brokers: broker.bootstrapServers, properties: Self.outageProperties)
            let relay = RunningRelay(world.relay(publisher))
            defer { relay.cancel() }

            try await eventually("the relay to report the broker problem") { world.monitor.brokerError != nil }
            let reported = try #require(world.monitor.brokerError)
            #expect(reported.contains(world.topics.topic(for: .trace)), "names what it was doing: \(reported)")
            #expect(reported.localizedCaseInsensitiveContains("timed out"), "says why: \(reported)")
            #expect(world.logs.messages(atLeast: .warning).contains { $0.contains("Kafka publishing failed") })
            var status = try await world.store.outboxStatus()
            #expect(status.depth == before.depth && status.acknowledged == 0)
            #expect(world.monitor.status?.depth == before.depth, "the health report sees the waiting changes")

            // Ingestion goes on meanwhile.
            try await world.store.commit([F.batch(F.trace("tb"), sdk: F.javascript)])
            try await world.store.commit([F.batch(F.traceUpdates("ta"), sdk: F.python)])
            let entries = try await world.pending()
            #expect(entries.count > Int(before.depth))

            try await broker.start()
            try await eventually("the outbox to empty once the broker is up") { try await world.store.outboxStatus().depth == 0 }
            try await eventually("the broker error to clear") { world.monitor.brokerError == nil }
            await relay.stop()
            status = try await world.store.outboxStatus()
            #expect(status.acknowledged == entries.last?.sequence && status.deadLetters == 0)

            let records = try await readTopics(world.topics, brokers: broker.bootstrapServers, partitions: 3, expected: entries.count)
            try RelayExpectations.eachRecordIsItsCommittedChange(records, world: world)
            #expect(Set(records.compactMap(\.rowVersion)) == Set(entries.map(\.sequence)), "every change arrived")
            #expect(records.count == entries.count, "and once: the broker took nothing before it was up")
            RelayExpectations.versionsIncreasePerKey(records)
        }
    }

    @Test("a broker killed under load loses no unacknowledged change: all of them arrive after its restart")
    func brokerKilledAndRestartedUnderLoad() async throws {
        let broker = try TansuBroker()
        defer { broker.stop() }
        try await broker.start()
        try await RelayWorld.with { world in
            let publisher = try await world.publisher(brokers: broker.bootstrapServers, properties: Self.outageProperties)
            let relay = RunningRelay(world.relay(publisher, batchSize: 50))
            defer { relay.cancel() }
            let committer = Task { try await Self.commitContinuously(to: world.store) }
            defer { committer.cancel() }

            try await eventually("some changes to be delivered") { try await world.store.outboxStatus().acknowledged >= 30 }
            #expect(world.monitor.brokerError == nil)
            await broker.kill()
            try await eventually("the relay to notice the dead broker") { world.monitor.brokerError != nil }
            // Let any round that was in flight at the kill settle (it ends within
            // message.timeout.ms). Whatever it acknowledged reached the old broker, whose memory
            // storage is lost; everything after must reach the new one.
            try await Task.sleep(for: .seconds(3))
            let atRestart = try await world.store.outboxStatus()
            #expect(atRestart.depth > 0, "commits went on during the outage")

            try await broker.start()
            try await eventually("a delivery after the restart; last error: \(world.monitor.brokerError ?? "none")", timeout: .seconds(30)) {
                try await world.store.outboxStatus().acknowledged > atRestart.lastSequence
            }
            try await Task.sleep(for: .milliseconds(500))  // a little more load on the new broker
            committer.cancel()
            let commits = try await committer.value
            let last = try await world.store.outboxStatus().lastSequence
            try await eventually("the outbox to empty") { try await world.store.outboxStatus().depth == 0 }
            try await eventually("the broker error to clear") { world.monitor.brokerError == nil }
            await relay.stop()
            #expect(try await world.store.outboxStatus().deadLetters == 0)

            // The restarted broker auto-created the topics (4 partitions in tansu): the relay
            // created them once, and the broker forgot.
            let missing = last - atRestart.acknowledged
            let records = try await readTopics(world.topics, brokers: broker.bootstrapServers, partitions: 4, expected: Int(missing))
            try RelayExpectations.eachRecordIsItsCommittedChange(records, world: world)
            let read = Set(records.compactMap(\.rowVersion))
            let skipped = (atRestart.acknowledged + 1...last).filter { !read.contains($0) }
            #expect(skipped.isEmpty, "\(skipped.count) of \(missing) changes pending at the outage never arrived, e.g. \(skipped.prefix(5)) (\(commits) commits)")
            #expect(read.allSatisfy { $0 > 0 && $0 <= last })
        }
    }

    /// One small commit (a span on one of four traces) every few milliseconds until cancelled;
    /// returns how many were made.
    static func commitContinuously(to store: SQLiteStore) async throws -> Int {
        var count = 0
        while !Task.isCancelled {
            let traceId = "load-\(count % 4)"
            do {
                try await store.commit([F.batch([F.span(traceId, spanId: "\(traceId)-s\(count)", envelopeId: "e\(count)")], sdk: F.python)])
            } catch where Task.isCancelled {
                break  // GRDB gives up a write when its task is cancelled
            }
            count += 1
            do { try await Task.sleep(for: .milliseconds(10)) } catch { break }
        }
        return count
    }
}
