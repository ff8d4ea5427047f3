import LangfarmCore
import LangfarmStore
import Testing
@testable import LangfarmKafka

/// A relay that dies after the broker took a round but before the outbox was cleared: the
/// next relay sends that round again. (The e2e suite SIGKILLs the real server; this simulates
/// the same window in-process.)
@Suite("Outbox relay after a crash", .enabled(if: KafkaTestEnvironment.brokerTestsEnabled))
struct RelayCrashRecoveryTests {
    typealias F = RelayFixtures

    @Test("changes delivered but never acknowledged are sent again only as identical copies with the same row version")
    func redeliveryAfterCrashRepeatsSameVersions() async throws {
        let broker = try await TansuBroker.started()
        defer { broker.stop() }
        try await RelayWorld.with { world in
            try await world.store.commit([F.batch(F.trace("ta"), sdk: F.python), F.batch(F.trace("tb"), sdk: F.python)])
            try await world.store.commit([F.batch(F.traceUpdates("ta"), sdk: F.python)])
            let entries = try await world.pending()

            // The crashed relay: its publisher delivered the first part of a round, then the
            // process died before `acknowledgeChanges`.
            let crashed = Array(entries.prefix(entries.count * 2 / 3))
            let first = try await world.publisher(brokers: broker.bootstrapServers)
            try await first.prepareTopics()
            let outcomes = await first.publish(crashed)
            #expect(crashed.allSatisfy { outcomes[$0.sequence] == .delivered }, "\(outcomes)")
            #expect(try await world.store.outboxStatus().depth == Int64(entries.count), "nothing is cleared without an acknowledgement")

            // The restarted relay starts from the outbox, which still holds everything.
            try await world.store.commit([F.batch(F.traceUpdates("tb"), sdk: F.python)])
            let all = try await world.pending()
            let relay = RunningRelay(world.relay(try await world.publisher(brokers: broker.bootstrapServers)))
            defer { relay.cancel() }
            try await eventually("the outbox to empty") { try await world.store.outboxStatus().depth == 0 }
            await relay.stop()

            let records = try await readTopics(
                world.topics, brokers: broker.bootstrapServers, partitions: 3, expected: all.count + crashed.count
            )
            try RelayExpectations.eachRecordIsItsCommittedChange(records, world: world)
            let copies = RelayExpectations.copies(records)
            let crashedVersions = Set(crashed.map(\.sequence))
            for entry in all {
                #expect(copies[entry.sequence] == (crashedVersions.contains(entry.sequence) ? 2 : 1), "v\(entry.sequence)")
            }
            #expect(records.count == all.count + crashed.count)
            for (version, group) in Dictionary(grouping: records, by: { $0.rowVersion ?? -1 }) where group.count > 1 {
                #expect(Set(group.map(\.value)).count == 1, "v\(version): duplicates must be identical")
                #expect(Set(group.map { $0.headers.map { "\($0.name)=\($0.value)" } }).count == 1, "v\(version): same headers")
            }
            // What a lake keeps (the highest version per row) is the last committed state.
            var latest: [String: Int64] = [:]
            for record in records {
                guard let version = record.rowVersion, let change = world.committed[version] else { continue }
                latest["\(change.kind) \(change.entityId)"] = max(latest["\(change.kind) \(change.entityId)"] ?? 0, version)
            }
            var expected: [String: Int64] = [:]
            for entry in all { expected["\(entry.kind) \(entry.entityId)"] = entry.sequence }
            #expect(latest == expected)
        }
    }
}
