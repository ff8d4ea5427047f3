import LangfarmCore
import LangfarmStore
import Testing
@testable import LangfarmKafka

/// Several servers sharing a store each run a relay; one publishes at a time. When it stops
/// renewing its lease (its server died), another takes over from the last cleared change.
@Suite("Outbox relay takeover", .enabled(if: KafkaTestEnvironment.brokerTestsEnabled))
struct RelayTakeoverTests {
    typealias F = RelayFixtures

    @Test("when the publishing relay stops, another takes over and every change arrives, new ones in version order")
    func anotherRelayTakesOverFromTheLastClearedChange() async throws {
        let broker = try await TansuBroker.started()
        defer { broker.stop() }
        try await RelayWorld.with { world in
            let first = RunningRelay(world.relay(try await world.publisher(brokers: broker.bootstrapServers), batchSize: 20, lease: .seconds(5)))
            defer { first.cancel() }
            try await eventually("the first relay to hold the lease") {
                try await !world.store.claimRelayLease(relay: "probe", lease: .milliseconds(1))
            }
            let second = RunningRelay(world.relay(try await world.publisher(brokers: broker.bootstrapServers), batchSize: 20, lease: .seconds(5)))
            defer { second.cancel() }
            let committer = Task { try await RelayOutageTests.commitContinuously(to: world.store) }
            defer { committer.cancel() }

            try await eventually("some changes to be delivered") { try await world.store.outboxStatus().acknowledged >= 30 }
            first.cancel()
            let atTakeover = try await world.store.outboxStatus()
            try await eventually("the second relay to deliver after the first stopped") {
                try await world.store.outboxStatus().acknowledged > atTakeover.lastSequence
            }
            committer.cancel()
            _ = try await committer.value
            try await eventually("the outbox to empty") { try await world.store.outboxStatus().depth == 0 }
            await second.stop()

            let last = try await world.store.outboxStatus().lastSequence
            let records = try await readTopics(world.topics, brokers: broker.bootstrapServers, partitions: 3, expected: Int(last))
            try RelayExpectations.eachRecordIsItsCommittedChange(records, world: world)
            let read = Set(records.compactMap(\.rowVersion))
            #expect((1...last).allSatisfy(read.contains), "every change arrived at least once")
            for (version, group) in Dictionary(grouping: records, by: { $0.rowVersion ?? -1 }) where group.count > 1 {
                #expect(Set(group.map(\.value)).count == 1, "v\(version): a change sent again is an identical copy")
            }
            RelayExpectations.firstCopiesIncreasePerKey(records)
        }
    }
}
