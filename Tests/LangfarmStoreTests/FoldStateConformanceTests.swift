import Foundation
import GRDB
import LangfarmCore
@testable import LangfarmStore
import Testing
import TestSupport

/// Entities with long histories fold from their saved `FoldState` rather than from the whole
/// event log; the rows must be exactly those folding every event from scratch gives, whatever
/// the delivery: appended in order, out of order, retried, edited in the UI, deleted scores.
@Suite struct FoldStateConformanceTests {
    typealias F = Fixtures

    /// Long histories of three traces, each with two observations and a score, mostly in time
    /// order with some late events, retries and UI edits.
    static func history(seed: UInt64) -> [NormalisedEvent] {
        var random = SplitMix64(seed: seed)
        func pick<T>(_ options: [T]) -> T { options[Int(random.next() % UInt64(options.count))] }
        var events: [NormalisedEvent] = []
        let start: EpochMillis = 1_795_600_000_000
        for step in 0..<60 {
            for trace in 0..<3 {
                let traceId = "t\(trace)"
                // Mostly later than everything before; one in eight arrives late.
                let time = ISO8601.format(start + EpochMillis(step) * 1_000 - (random.next() % 8 == 0 ? 30_000 : 0))
                switch random.next() % 6 {
                case 0, 1:
                    events.append(F.event("trace-create", id: "\(traceId)-\(step)", at: time, body: """
                        {"id":"\(traceId)","name":\(pick([#""chat""#, "null", #""agent""#])),"metadata":{"turn":\(step),"k\(step % 3)":{"x":\(step)}},
                         "tags":["t\(step % 4)"],"output":\(pick([#""reply \#(step)""#, "null", #""""#])),"sessionId":"s\(trace)"}
                        """))
                case 2, 3:
                    let observation = "\(traceId)-o\(step % 2)"
                    events.append(F.event(pick(["generation-create", "generation-update", "span-update"]), id: "\(observation)-\(step)", at: time, body: """
                        {"id":"\(observation)","traceId":"\(traceId)","name":"call","startTime":"\(ISO8601.format(start))",
                         "endTime":"\(time)","model":"gpt-4o","usageDetails":{"input":\(step),"output":\(step % 7)},
                         "statusMessage":\(pick([#""ok""#, "null"])),"metadata":{"step":\(step)}}
                        """))
                case 4:
                    events.append(F.event("score-create", id: "\(traceId)-s-\(step)", at: time, body: """
                        {"id":"\(traceId)-score","traceId":"\(traceId)","name":"quality","value":\(step % 5),"comment":\(pick([#""c""#, "null"]))}
                        """))
                default:
                    if random.next() % 2 == 0 {
                        let edit = TraceEdit(traceId: traceId, bookmarked: step % 2 == 0, addedTags: ["ui\(step % 3)"], removedTags: ["t1"])
                        events.append(try! edit.event(id: "\(traceId)-edit-\(step)", at: start + EpochMillis(step) * 1_000))
                    } else {
                        events.append(try! EventNormaliser.normaliseStored(try! JSONValue.parse(Data(
                            #"{"id":"\#(traceId)-del-\#(step)","type":"langfarm-score-delete","timestamp":"\#(time)","body":{"id":"\#(traceId)-score"}}"#.utf8
                        ))).get())
                    }
                }
            }
        }
        return events
    }

    static func snapshots(_ store: any Store) async throws -> [Snapshot] {
        var snapshots: [Snapshot] = []
        for trace in 0..<3 { snapshots.append(try await Snapshot.of("t\(trace)", project: "p", in: store)) }
        return snapshots
    }

    @Test(arguments: StoreKind.allCases, [UInt64(1), 2])
    func longHistoriesFoldAsFromScratch(kind: StoreKind, seed: UInt64) async throws {
        let events = Self.history(seed: seed)
        var random = SplitMix64(seed: seed &+ 100)
        let incremental = try await kind.makeStore().store
        var index = 0
        while index < events.count {
            let size = Int(random.next() % 5) + 1
            var batch = Array(events[index..<min(index + size, events.count)])
            // A retry of an event already committed.
            if index > 0, random.next() % 4 == 0 { batch.append(events[Int(random.next() % UInt64(index))]) }
            try await incremental.commit([F.batch("p", batch)])
            index += size
        }
        let fromScratch = try await kind.makeStore().store
        try await fromScratch.commit([F.batch("p", events)])

        let expected = try await Self.snapshots(fromScratch)
        #expect(expected.allSatisfy { $0.trace != nil && $0.observations.count == 2 }, "the history makes every row")
        #expect(try await Self.snapshots(incremental) == expected)
        _ = try await incremental.rebuild()
        #expect(try await Self.snapshots(incremental) == expected, "after a rebuild")
        // One more round on the rebuilt store goes through the saved states again.
        let later = F.event("trace-create", id: "final", at: "2030-01-01T00:00:00Z", body: #"{"id":"t0","name":"final"}"#)
        try await incremental.commit([F.batch("p", [later])])
        try await fromScratch.commit([F.batch("p", [later])])
        #expect(try await Self.snapshots(incremental) == Self.snapshots(fromScratch))
    }

    /// The states are really used: long-lived entities have one, short ones none, a trace with
    /// a UI edit none; deleting a trace removes its entities' states.
    @Test func onlyLongHistoriesWithoutEditsKeepAState() async throws {
        let store = try #require(try await StoreKind.sqlite.makeStore().store as? SQLiteStore)
        func stateCount(_ kind: String, _ id: String) async throws -> Int {
            try await store.pool.read { db in
                try Int.fetchOne(db, sql: "SELECT event_count FROM fold_states WHERE entity_kind = ? AND entity_id = ?", arguments: [kind, id]) ?? 0
            }
        }
        for step in 0..<12 {
            let time = ISO8601.format(1_795_600_000_000 + EpochMillis(step) * 1_000)
            try await store.commit([F.batch("p", [
                F.event("trace-create", id: "long-\(step)", at: time, body: #"{"id":"long","metadata":{"n":\#(step)}}"#),
                F.event("trace-create", id: "edited-\(step)", at: time, body: #"{"id":"edited"}"#),
            ])])
            if step == 0 { try await store.commit([F.batch("p", [F.event("trace-create", id: "short", at: time, body: #"{"id":"short"}"#)])]) }
        }
        #expect(try await stateCount("trace", "long") == 12)
        #expect(try await stateCount("trace", "short") == 0)
        #expect(try await stateCount("trace", "edited") == 12)
        try await store.commit([F.batch("p", [try TraceEdit(traceId: "edited", bookmarked: true).event(id: "edit", at: 1_795_600_100_000)])])
        #expect(try await stateCount("trace", "edited") == 0, "an edit folds last: no state to append to")
        #expect(try await store.trace(projectId: "p", id: "edited")?.bookmarked == true)
        #expect(try await store.trace(projectId: "p", id: "long")?.metadata == ["n": .number(11)])
        #expect(try await store.deleteTraces(projectId: "p", ids: ["long"]) == 1)
        #expect(try await stateCount("trace", "long") == 0)
    }
}
