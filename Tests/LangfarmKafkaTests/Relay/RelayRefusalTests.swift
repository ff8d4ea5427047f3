import Foundation
import LangfarmCore
import LangfarmStore
import Testing
@testable import LangfarmKafka

/// What the broker (or the client) will not take: a change too large for a Kafka record goes
/// to the dead letters without holding up the others; topics that cannot be used hold up
/// everything, and lose nothing.
@Suite("Outbox relay with changes or topics Kafka refuses", .enabled(if: KafkaTestEnvironment.brokerTestsEnabled))
struct RelayRefusalTests {
    typealias F = RelayFixtures

    @Test("an observation too large for a Kafka record is dead-lettered with MSG_SIZE_TOO_LARGE; the rest and later commits are delivered")
    func oversizeChangeIsDeadLettered() async throws {
        let broker = try await TansuBroker.started()
        defer { broker.stop() }
        try await RelayWorld.with { world in
            // Ingestion accepts bodies up to 4.5 MB; librdkafka's message.max.bytes is 1,000,000.
            let bigInput = String(repeating: "0123456789abcdef", count: 1_500_000 / 16)
            try await world.store.commit([F.batch(F.trace("ta"), sdk: F.python)])
            try await world.store.commit([F.batch([F.span("ta", spanId: "ta-big", envelopeId: "big", input: bigInput)], sdk: F.python)])
            try await world.store.commit([F.batch(F.trace("tb"), sdk: F.python)])
            let entries = try await world.pending()
            let big = try #require(entries.first { $0.entityId == "ta-big" })
            #expect(big.value.utf8.count > 1_500_000)

            let relay = RunningRelay(world.relay(try await world.publisher(brokers: broker.bootstrapServers)))

            defer { relay.cancel() }
            try await eventually("the outbox to empty") { try await world.store.outboxStatus().depth == 0 }

            let letters = try await world.store.deadLetters(limit: 10)
            #expect(letters.map(\.entry) == [big])
            #expect(letters.first?.error.contains("MSG_SIZE_TOO_LARGE") == true, "\(letters.first?.error ?? "")")
            #expect(try await world.store.outboxStatus().deadLetters == 1)
            #expect(world.logs.messages(atLeast: .error).contains { $0.contains("dead-letter") && $0.contains("ta-big") })
            #expect(world.monitor.brokerError == nil, "a refused change is not a broker problem")

            // The relay goes on with later commits.
            try await world.store.commit([F.batch(F.traceUpdates("ta"), sdk: F.python)])
            try await eventually("the later commit to be delivered") { try await world.store.outboxStatus().depth == 0 }
            await relay.stop()
            let last = try await world.store.outboxStatus().lastSequence

            let expected = Int(last) - 1
            let records = try await readTopics(world.topics, brokers: broker.bootstrapServers, partitions: 3, expected: expected)
            try RelayExpectations.eachRecordIsItsCommittedChange(records, world: world)
            #expect(records.count == expected)
            #expect(Set(records.compactMap(\.rowVersion)) == Set((1...last).filter { $0 != big.sequence }))
            RelayExpectations.versionsIncreasePerKey(records)
            #expect(try await world.store.deadLetters(limit: 10).count == 1)
        }
    }

    /// What fails for real: librdkafka refuses to describe a topic with -2 partitions (the
    /// creation request is never sent); tansu "creates" a topic with 0 partitions, and every
    /// message to it then times out. Either way the changes must wait, none dead-lettered.
    @Test(
        "when the topics cannot be created or used, every change stays in the outbox and the error names the topic",
        arguments: [Int32(-2), 0]
    )
    func unusableTopicsKeepTheOutbox(partitions: Int32) async throws {
        let broker = try await TansuBroker.started()
        defer { broker.stop() }
        try await RelayWorld.with { world in
            try await world.store.commit([F.batch(F.trace("ta"), sdk: F.python)])
            let before = try await world.store.outboxStatus()
            let publisher = try await world.publisher(
                brokers: broker.bootstrapServers, partitions: partitions, properties: ["message.timeout.ms": "2000"]
            )
            let relay = RunningRelay(world.relay(publisher))
            defer { relay.cancel() }

            try await eventually("two failed attempts") {
                world.logs.messages(atLeast: .warning).filter { $0.contains("Kafka publishing failed") }.count >= 2
            }
            let reported = try #require(world.monitor.brokerError)
            #expect(reported.contains(world.topics.prefix), "names the topic: \(reported)")
            if partitions < 0 { #expect(reported.contains("num_partitions"), "says what is wrong: \(reported)") }

            try await world.store.commit([F.batch(F.traceUpdates("ta"), sdk: F.python)])
            try await eventually("the relay to see the new commit") { world.monitor.status?.depth ?? 0 > before.depth }
            await relay.stop()
            let after = try await world.store.outboxStatus()
            #expect(after.acknowledged == 0 && after.depth == after.lastSequence && after.depth > before.depth)
            #expect(after.deadLetters == 0)
            #expect(try await world.pending().count == Int(after.depth))
        }
    }
}
