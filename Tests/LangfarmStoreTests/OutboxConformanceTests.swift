import Foundation
import LangfarmCore
import LangfarmStore
import Testing

/// The change feed (outbox) and trace deletion in every `Store`: part of the conformance suite.
@Suite struct OutboxConformanceTests {
    typealias F = Fixtures

    /// Encodes just enough of a change to check what the store recorded: which row, at which
    /// version, deleted or not, and (for traces and observations) the output it held. The
    /// lake's encoder has its own tests in LangfarmKafkaTests.
    struct SummaryEncoder: ChangeEncoder {
        func messageValue(for change: RowChange, version: Int64) -> String {
            var summary = "\(change.kind.rawValue) \(change.entityId) v\(version)"
            if change.isDeleted { summary += " deleted" }
            switch change {
            case .trace(let row, _): if let output = row.output { summary += " output=\(output.jsonText)" }
            case .observation(let row, _): if let output = row.output { summary += " output=\(output.jsonText)" }
            case .score: break
            }
            return summary
        }
    }

    static let sdk = SDKIdentity(name: "python", version: "2.60.3")

    static func enabledStore(_ kind: StoreKind) async throws -> (store: any Store, reopen: @Sendable () async throws -> any Store) {
        let made = try await kind.makeStore(changeEncoder: SummaryEncoder())
        try await made.store.setChangeFeed(enabled: true)
        return made
    }

    @Test(arguments: StoreKind.allCases)
    func nothingIsRecordedWhileTheFeedIsOff(kind: StoreKind) async throws {
        let store = try await kind.makeStore(changeEncoder: SummaryEncoder()).store
        try await store.commit([F.batch("p", F.sdkTrace("t1"))])
        #expect(try await store.pendingChanges(after: 0, limit: 100).entries.isEmpty)
        let status = try await store.outboxStatus()
        #expect(!status.enabled && status.depth == 0 && status.lastSequence == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func everyRowChangeIsRecordedOnceInCommitOrder(kind: StoreKind) async throws {
        let store = try await Self.enabledStore(kind).store
        let events = F.sdkTrace("t1")
        try await store.commit([EventBatch(projectId: "p", events: events, receivedAt: 1_795_600_000_000, sdk: Self.sdk)])
        let entries = try await store.pendingChanges(after: 0, limit: 100).entries
        #expect(entries.map(\.sequence) == Array(1...Int64(entries.count)), "sequences are dense and ordered")
        #expect(Set(entries.map { "\($0.kind.rawValue) \($0.entityId)" }) == [
            "trace t1", "observation t1-outer", "observation t1-inner", "observation t1-gen", "observation t1-evt", "score t1-score",
        ])
        #expect(entries.allSatisfy { $0.key == "t1" && $0.projectId == "p" && $0.sdk == Self.sdk && $0.committedAt > 0 })
        #expect(entries.allSatisfy { $0.value.hasPrefix("\($0.kind.rawValue) \($0.entityId) v\($0.sequence)") }, "the version is the sequence")
        let generation = try #require(entries.last { $0.entityId == "t1-gen" })
        #expect(generation.value.hasSuffix(#"output="hello""#), "the message holds the merged row")

        try await store.commit([F.batch("p", events)])
        #expect(try await store.pendingChanges(after: 0, limit: 100).entries.count == entries.count, "a retried batch changes nothing")
        #expect(try await store.pendingChanges(after: 2, limit: 3).entries.map(\.sequence) == [3, 4, 5])
    }

    /// A restarted server publishes what its predecessor left pending from the outbox alone.
    @Test(arguments: StoreKind.allCases)
    func pendingChangesReadAfterARestartAreTheMessagesOfTheCommittedRows(kind: StoreKind) async throws {
        let (store, reopen) = try await Self.enabledStore(kind)
        try await store.commit([EventBatch(projectId: "p", events: F.sdkTrace("t1"), receivedAt: 1_795_600_000_000, sdk: Self.sdk)])
        try await store.commit([F.batch("q", F.sdkTrace("t2"))])
        let live = try await store.pendingChanges(after: 0, limit: 100)

        let restarted = try await reopen().pendingChanges(after: 0, limit: 100)
        #expect(restarted == live, "the same messages, versions, keys, headers and commit times")
        #expect(restarted.through == live.entries.last?.sequence)
    }

    /// The lake keeps the newest version of each row, so a change whose row changed again before
    /// it was read needs no message of its own, but the read must still cover its sequence.
    @Test(arguments: StoreKind.allCases)
    func aChangeSupersededBeforeItIsReadIsCoveredByItsRowsNewerChange(kind: StoreKind) async throws {
        let (store, reopen) = try await Self.enabledStore(kind)
        try await store.commit([F.batch("p", F.sdkTrace("t1"))])
        let update = F.event("trace-create", id: "t1-e11", at: "2026-11-25T09:00:02.000Z", body: #"{"id":"t1","output":"final"}"#)
        try await store.commit([F.batch("p", [update])])
        let last = try await store.outboxStatus().lastSequence

        let pending = try await reopen().pendingChanges(after: 0, limit: 100)
        #expect(pending.through == last, "every sequence is covered, also a left-out one")
        let newest = Dictionary(grouping: pending.entries) { "\($0.kind.rawValue) \($0.entityId)" }.mapValues { $0.map(\.sequence).max()! }
        #expect(newest["trace t1"] == last)
        #expect(pending.entries.last?.value == "trace t1 v\(last) output=\"final\"", "the newest change carries the newest state")
        #expect(pending.entries.allSatisfy { $0.value.hasPrefix("\($0.kind.rawValue) \($0.entityId) v\($0.sequence)") },
                "a message always states the version it is published under")
        #expect(newest.count == 6, "every row still has its newest message")
    }

    @Test(arguments: StoreKind.allCases)
    func acknowledgingClearsAPrefixAndKeepsDeadLetters(kind: StoreKind) async throws {
        let (store, reopen) = try await Self.enabledStore(kind)
        try await store.commit([F.batch("p", F.sdkTrace("t1"))])
        let entries = try await store.pendingChanges(after: 0, limit: 100).entries
        let refused = DeadLetter(entry: entries[1], failedAt: 42, error: "Broker: Message size too large")
        #expect(try await store.claimRelayLease(relay: "test-relay", lease: .seconds(60)))
        try await store.acknowledgeChanges(through: 3, deadLetters: [refused], relay: "test-relay", lease: .seconds(60))

        #expect(try await store.pendingChanges(after: 0, limit: 100).entries.map(\.sequence) == Array(4...Int64(entries.count)))
        var status = try await store.outboxStatus()
        #expect(status.depth == Int64(entries.count) - 3 && status.acknowledged == 3 && status.deadLetters == 1)
        #expect(status.oldestPendingCommittedAt == entries[3].committedAt)
        #expect(try await store.deadLetters(limit: 10) == [refused])

        // Sequences survive a restart: a new change never reuses a published one's version.
        let reopened = try await reopen()
        try await reopened.commit([F.batch("p", F.sdkTrace("t2"))])
        let after = try await reopened.pendingChanges(after: 0, limit: 100).entries
        #expect(after.first?.sequence == 4 && after.last!.sequence > Int64(entries.count))
        try await reopened.acknowledgeChanges(through: after.last!.sequence, deadLetters: [], relay: "test-relay", lease: .seconds(60))
        status = try await reopened.outboxStatus()
        #expect(status.depth == 0 && status.oldestPendingCommittedAt == nil && status.lagMillis(now: 99) == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func deletingATraceDeletesItsRowsAndEventsAndPublishesTombstones(kind: StoreKind) async throws {
        let (store, reopen) = try await Self.enabledStore(kind)
        try await store.commit([F.batch("p", F.sdkTrace("t1") + F.sdkTrace("t2")), F.batch("q", F.sdkTrace("t1"))])
        let before = try await store.outboxStatus().lastSequence

        #expect(try await store.deleteTraces(projectId: "p", ids: ["t1", "t1", "missing"]) == 1)
        #expect(try await store.trace(projectId: "p", id: "t1") == nil)
        #expect(try await store.observations(projectId: "p", traceId: "t1").isEmpty)
        #expect(try await store.scores(projectId: "p", traceId: "t1").isEmpty)
        #expect(try await store.trace(projectId: "p", id: "t2") != nil, "other traces stay")
        #expect(try await store.trace(projectId: "q", id: "t1") != nil, "projects are walls")
        #expect(try await store.loggedEvents(projectId: "p").allSatisfy { !$0.entityId.hasPrefix("t1") })

        let tombstones = try await store.pendingChanges(after: before, limit: 100).entries
        #expect(tombstones.count == 6 && tombstones.allSatisfy { $0.value.hasSuffix(" deleted") || $0.value.contains(" deleted ") })
        #expect(tombstones.allSatisfy { $0.key == "t1" && $0.projectId == "p" })
        let restarted = try await reopen()
        #expect(try await restarted.pendingChanges(after: before, limit: 100).entries == tombstones,
                "a deleted row's message survives a restart: the row itself is gone")
        let everything = try await restarted.pendingChanges(after: 0, limit: 100).entries
        #expect(!everything.contains { $0.key == "t1" && $0.projectId == "p" && !$0.value.contains(" deleted") },
                "no live message is sent for a row that is gone")

        _ = try await store.rebuild()
        #expect(try await store.trace(projectId: "p", id: "t1") == nil, "a rebuild does not bring a deleted trace back")
    }

    @Test(arguments: StoreKind.allCases)
    func aDeletedScoreIsPublishedAsDeleted(kind: StoreKind) async throws {
        let store = try await Self.enabledStore(kind).store
        try await store.commit([F.batch("p", F.sdkTrace("t1"))])
        let before = try await store.outboxStatus().lastSequence
        let deletion = try EventNormaliser.normaliseStored(try JSONValue.parse(Data(
            #"{"id":"del","type":"langfarm-score-delete","timestamp":"2026-11-25T10:00:00Z","body":{"id":"t1-score"}}"#.utf8
        ))).get()
        try await store.commit([F.batch("p", [deletion])])
        let entries = try await store.pendingChanges(after: before, limit: 10).entries
        #expect(entries.map(\.value) == ["score t1-score v\(before + 1) deleted"])
    }

    /// One relay of the servers sharing a store publishes at a time; another takes over once
    /// the holder's lease runs out, and the old holder can no longer clear anything.
    @Test(arguments: StoreKind.allCases)
    func oneRelayHoldsTheLeaseUntilItRunsOut(kind: StoreKind) async throws {
        let store = try await Self.enabledStore(kind).store
        try await store.commit([F.batch("p", F.sdkTrace("t1"))])
        let last = try await store.outboxStatus().lastSequence

        #expect(try await store.claimRelayLease(relay: "a", lease: .seconds(60)))
        #expect(try await !store.claimRelayLease(relay: "b", lease: .seconds(60)), "the lease is taken")
        #expect(try await store.claimRelayLease(relay: "a", lease: .seconds(60)), "its holder renews it")
        await #expect(throws: RelayLeaseLost.self) { try await store.acknowledgeChanges(through: 2, deadLetters: [], relay: "b", lease: .seconds(60)) }
        #expect(try await store.outboxStatus().acknowledged == 0, "a relay without the lease clears nothing")
        try await store.acknowledgeChanges(through: 2, deadLetters: [], relay: "a", lease: .seconds(60))

        // The holder's last renewal is a short one, which runs out.
        #expect(try await store.claimRelayLease(relay: "a", lease: .milliseconds(1)))
        try await Task.sleep(for: .milliseconds(20))
        #expect(try await store.claimRelayLease(relay: "b", lease: .seconds(60)), "a lease that ran out passes on")
        await #expect(throws: RelayLeaseLost.self) { try await store.acknowledgeChanges(through: last, deadLetters: [], relay: "a", lease: .seconds(60)) }
        try await store.acknowledgeChanges(through: last, deadLetters: [], relay: "b", lease: .seconds(60))
        #expect(try await store.outboxStatus().acknowledged == last)
    }

    /// A relay whose server shuts down gives the lease up: another claims it at once, and only
    /// the holder can give it up.
    @Test(arguments: StoreKind.allCases)
    func aReleasedLeasePassesOnAtOnce(kind: StoreKind) async throws {
        let store = try await Self.enabledStore(kind).store
        #expect(try await store.claimRelayLease(relay: "a", lease: .seconds(60)))
        try await store.releaseRelayLease(relay: "b")
        #expect(try await !store.claimRelayLease(relay: "b", lease: .seconds(60)), "only the holder gives the lease up")
        try await store.releaseRelayLease(relay: "a")
        #expect(try await store.claimRelayLease(relay: "b", lease: .seconds(60)), "a released lease passes on at once")
        #expect(try await !store.claimRelayLease(relay: "a", lease: .seconds(60)))
    }
}
