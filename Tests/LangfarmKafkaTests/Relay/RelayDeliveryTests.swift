import LangfarmCore
import LangfarmStore
import MetricsTestKit
import Testing
@testable import LangfarmKafka

/// The relay's normal job, end to end: committed changes go from the SQLite outbox to the three
/// lake topics of a real (tansu) broker, and the outbox empties.
@Suite("Outbox relay delivers to Kafka", .enabled(if: KafkaTestEnvironment.brokerTestsEnabled))
struct RelayDeliveryTests {
    typealias F = RelayFixtures

    @Test("every committed change arrives once on its kind's topic, keyed by trace, byte for byte, with its headers, in version order")
    func everyChangeArrivesOnceInVersionOrder() async throws {
        let broker = try await TansuBroker.started()
        defer { broker.stop() }
        try await RelayWorld.with { world in
            try await world.store.commit([F.batch(F.trace("ta"), sdk: F.python), F.batch(F.trace("tb"), sdk: F.javascript)])
            try await world.store.commit([F.batch(F.traceUpdates("ta"), sdk: F.python)])
            try await world.store.commit([F.batch(F.traceUpdates("tb"))])  // a client that sent no SDK headers
            let entries = try await world.pending()
            #expect(Set(entries.map(\.kind)) == [.trace, .observation, .score])
            #expect(Set(entries.map(\.key)) == ["ta", "tb"])

            let relay = RunningRelay(world.relay(try await world.publisher(brokers: broker.bootstrapServers)))

            defer { relay.cancel() }
            try await eventually("the outbox to empty") { try await world.store.outboxStatus().depth == 0 }
            await relay.stop()
            #expect(world.monitor.brokerError == nil)
            #expect(try await world.store.deadLetters(limit: 10).isEmpty)

            let records = try await readTopics(world.topics, brokers: broker.bootstrapServers, partitions: 3, expected: entries.count)
            #expect(records.count == entries.count)
            let byVersion = Dictionary(grouping: records) { $0.rowVersion ?? -1 }
            for entry in entries {
                let copies = byVersion[entry.sequence] ?? []
                #expect(copies.count == 1, "v\(entry.sequence) (\(entry.kind) \(entry.entityId)) arrived \(copies.count) times")
                guard let record = copies.first else { continue }
                #expect(record.topic == world.topics.topic(for: entry.kind))
                #expect(record.key == entry.key)
                #expect(record.value == entry.value)
                var headers = [
                    ("project_id", entry.projectId), ("entity_type", entry.kind.rawValue), ("row_version", String(entry.sequence)),
                ]
                if let sdk = entry.sdk {
                    headers.append(("sdk_name", sdk.name))
                    if let version = sdk.version { headers.append(("sdk_version", version)) }
                }
                #expect(record.headers.map(\.name) == headers.map(\.0))
                #expect(record.headers.map(\.value) == headers.map(\.1))
            }
            #expect(records.contains { $0.header("sdk_name") == F.javascript.name })
            #expect(records.contains { $0.header("sdk_name") == nil }, "the batch without SDK headers")
            RelayExpectations.versionsIncreasePerKey(records)
            try RelayExpectations.eachValueFollowsItsSchema(records)
        }
    }

    @Test("after a restart, each row's newest change is sent, and a change its row superseded is cleared without a message")
    func aRestartedRelaySendsEachRowsNewestState() async throws {
        let broker = try await TansuBroker.started()
        defer { broker.stop() }
        try await RelayWorld.with { world in
            try await world.store.commit([F.batch(F.trace("ta"), sdk: F.python)])
            try await world.store.commit([F.batch(F.traceUpdates("ta"), sdk: F.python)])
            let committed = try await world.pending()

            // The server restarts before publishing: its successor has only the file.
            let restarted = try await world.restarted()
            let metrics = TestMetrics()
            let relay = RunningRelay(world.relay(try await world.publisher(brokers: broker.bootstrapServers), store: restarted, metrics: metrics))
            defer { relay.cancel() }
            try await eventually("the outbox to empty") { try await restarted.outboxStatus().depth == 0 }
            await relay.stop()

            // The updates superseded the trace's and the generation's first changes.
            let newest = Dictionary(grouping: committed) { "\($0.kind) \($0.entityId)" }.mapValues { $0.max { $0.sequence < $1.sequence }! }
            let records = try await readTopics(world.topics, brokers: broker.bootstrapServers, partitions: 3, expected: newest.count)
            #expect(records.count == newest.count, "one message per row")
            try RelayExpectations.eachValueFollowsItsSchema(records)
            #expect(Set(records.compactMap(\.rowVersion)) == Set(newest.values.map(\.sequence)))
            for entry in newest.values {
                #expect(records.first { $0.rowVersion == entry.sequence }?.value == entry.value, "v\(entry.sequence): the row as its newest change left it")
            }
            #expect(try await restarted.outboxStatus().acknowledged == committed.last?.sequence, "cleared through the last change")
            let outcomes = { (outcome: String) in try metrics.expectCounter("langfarm_relay_changes_total", [("outcome", outcome)]).totalValue }
            #expect(try outcomes("published") == Int64(newest.count))
            #expect(try outcomes("superseded") == Int64(committed.count - newest.count))
        }
    }
}
