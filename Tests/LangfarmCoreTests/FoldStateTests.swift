import Foundation
@testable import LangfarmCore
import Testing

/// A `FoldState` continued with later events equals folding every event from scratch, and its
/// record survives being stored as text, every `Field` state included.
@Suite struct FoldStateTests {
    @Test func everyColumnOfEveryPatchIsStored() {
        #expect(Mirror(reflecting: TracePatch()).children.count == TracePatch.storedColumns.count)
        #expect(Mirror(reflecting: ObservationPatch()).children.count == ObservationPatch.storedColumns.count)
        #expect(Mirror(reflecting: ScorePatch()).children.count == ScorePatch.storedColumns.count)
        #expect(Set(TracePatch.storedColumns.map(\.name)).count == TracePatch.storedColumns.count)
        #expect(Set(ObservationPatch.storedColumns.map(\.name)).count == ObservationPatch.storedColumns.count)
        #expect(Set(ScorePatch.storedColumns.map(\.name)).count == ScorePatch.storedColumns.count)
    }

    @Test func absentNullAndValuesSurviveStoring() {
        var trace = TracePatch()
        trace.id = .value("t")
        trace.name = .null
        trace.metadata = .value(["a": .object(["b": .null, "c": .array([.number(1.5), .string("x\u{0}y")])])])
        trace.tags = .value(["a", "b"])
        trace.input = .value(.string(""))
        trace.timestamp = .value(1_795_600_000_123)
        trace.isPublic = .value(false)
        let record = MergedRecord.trace(trace)
        #expect(MergedRecord(storedText: record.storedText, kind: .trace) == record)
        let deleted = MergedRecord.score(ScorePatch(), isDeleted: true)
        #expect(MergedRecord(storedText: deleted.storedText, kind: .score) == deleted)
        #expect(MergedRecord(storedText: #"{"name":5}"#, kind: .trace) == nil, "a member of the wrong type is not a record")
        #expect(MergedRecord(storedText: "[]", kind: .observation) == nil)
    }

    /// Random histories, split at a random point: the state of the first part, stored and read
    /// back, continued with the rest (when every event of the rest sorts after it) equals the
    /// fold of all; otherwise continuing is refused.
    @Test(arguments: 0..<300)
    func continuingEqualsFoldingFromScratch(seed: Int) {
        var generator = RandomEntityEvents(seed: UInt64(seed))
        let count = Int(generator.random.next() % 20) + 2
        let (kind, events): (EntityKind, [NormalisedEvent]) = switch seed % 3 {
        case 0: (.trace, generator.traceEvents(count))
        case 1: (.observation, generator.observationEvents(count))
        default: (.score, generator.scoreEvents(count))
        }
        let split = Int(generator.random.next() % UInt64(count - 1)) + 1
        let (earlier, later) = (Array(events[..<split]), Array(events[split...]))
        let last = earlier.map(\.foldPosition).max()!
        let stored = MergedRecord(storedText: RecordMerger.fold(kind, earlier).storedText, kind: kind)!
        #expect(stored == RecordMerger.fold(kind, earlier), "the stored record reads back as it was")
        // The projector keeps no state for a trace with an edit (it folds after every event).
        guard !earlier.contains(where: { $0.patch.isTraceEdit }) else { return }
        let state = FoldState(record: stored, eventCount: earlier.count, last: last)
        let appendable = later.allSatisfy { last < $0.foldPosition } && !later.contains(where: { $0.patch.isTraceEdit })
        let continued = state.continued(with: later.shuffled())
        #expect((continued != nil) == appendable)
        if let continued {
            #expect(continued.record == RecordMerger.fold(kind, events))
            #expect(continued.eventCount == count)
            #expect(continued.last == events.map(\.foldPosition).max())
        }
    }

    @Test func anEventSortingEarlierOrATraceEditCannotBeAppended() {
        let create = TestEvents.event("trace-create", id: "e1", at: "2026-11-25T09:00:01Z", body: #"{"id":"t","name":"a"}"#)
        let state = FoldState(record: RecordMerger.fold(.trace, [create]), eventCount: 1, last: create.foldPosition)
        let earlier = TestEvents.event("trace-create", id: "e0", at: "2026-11-25T09:00:00Z", body: #"{"id":"t","name":"b"}"#)
        #expect(state.continued(with: [earlier]) == nil)
        let edit = try! TraceEdit(traceId: "t", bookmarked: true).event(id: "edit", at: 1_795_600_000_000 + 10_000)
        #expect(state.continued(with: [edit]) == nil)
        let later = TestEvents.event("trace-create", id: "e2", at: "2026-11-25T09:00:02Z", body: #"{"id":"t","name":"c"}"#)
        #expect(state.continued(with: [later])?.record == RecordMerger.fold(.trace, [create, later]))
        #expect(state.continued(with: []) == nil, "nothing to continue with")
    }
}
