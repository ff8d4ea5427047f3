import Testing
@testable import LangfarmCore

@Suite struct RecordMergerTests {
    typealias T = TestEvents

    /// Every ordering of the events must fold to the same record.
    static func allOrders<Element>(_ items: [Element]) -> [[Element]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index -> [[Element]] in
            var rest = items
            let head = rest.remove(at: index)
            return allOrders(rest).map { [head] + $0 }
        }
    }

    let traceEvents = [
        T.event("trace-create", id: "e1", at: "2026-11-25T09:00:00.000Z", body: """
            {"id":"t","name":"first","timestamp":"2026-11-25T08:59:59Z","metadata":{"a":{"x":1},"keep":true},"tags":["b","a"],
             "input":{"q":1},"environment":"prod","userId":"u1"}
            """),
        T.event("trace-create", id: "e2", at: "2026-11-25T09:00:01.000Z", body: """
            {"id":"t","name":"second","timestamp":"2026-11-25T10:00:00Z","metadata":{"a":{"y":2}},"tags":["c","a"],
             "input":"","output":{"r":1},"environment":"dev","userId":null}
            """),
        T.event("trace-create", id: "e3", at: "2026-11-25T09:00:02.000Z", body: #"{"id":"t","output":null,"metadata":{}}"#),
    ]

    @Test func traceMergeFollowsLangfuseRules() {
        let trace = RecordMerger.foldTrace(traceEvents)
        #expect(trace.name == .value("second"))
        #expect(trace.timestamp == .value(ISO8601.parse("2026-11-25T08:59:59Z")!), "timestamp is fixed by the first write")
        #expect(trace.environment == .value("prod"), "environment is fixed by the first write")
        #expect(trace.metadata == .value(T.object(#"{"a":{"x":1,"y":2},"keep":true}"#)), "metadata deep-merges")
        #expect(trace.tags == .value(["a", "b", "c"]), "tags are the sorted union")
        #expect(trace.input == .value(T.json(#"{"q":1}"#)), "an empty string does not overwrite input")
        #expect(trace.output == .value(T.json(#"{"r":1}"#)), "null does not overwrite output")
        #expect(trace.userId == .null, "an explicit null overwrites")
    }

    @Test func traceMergeIsIndependentOfArrivalOrder() {
        let expected = RecordMerger.foldTrace(traceEvents)
        for order in Self.allOrders(traceEvents) {
            #expect(RecordMerger.foldTrace(order) == expected)
        }
    }

    /// UI edits fold after every SDK event, in their own order, whatever the timestamps.
    @Test func traceEditsFoldAfterSDKEventsInAnyArrivalOrder() throws {
        let edits = [
            try TraceEdit(traceId: "t", bookmarked: true, isPublic: true, addedTags: ["x"], removedTags: ["b"])
                .event(id: "edit-1", at: ISO8601.parse("2026-11-25T08:00:00Z")!),
            try TraceEdit(traceId: "t", isPublic: false, removedTags: ["c"]).event(id: "edit-2", at: ISO8601.parse("2026-11-25T08:00:01Z")!),
        ]
        let events = traceEvents + edits
        let expected = RecordMerger.foldTrace(events)
        #expect(expected.bookmarked == .value(true), "later SDK events do not reset a bookmark")
        #expect(expected.isPublic == .value(false), "the later edit wins")
        #expect(expected.tags == .value(["a", "x"]))
        #expect(expected.name == .value("second"))
        for order in Self.allOrders(events) {
            #expect(RecordMerger.foldTrace(order) == expected)
        }
    }

    @Test func clientsCannotSendTraceEditsButTheLogReadsThem() {
        let body = #"{"id":"t","bookmarked":true,"addTags":["x"]}"#
        let envelope = T.envelope("langfarm-trace-edit", id: "forged", at: "2026-11-25T08:00:00Z", body: body)
        #expect(T.rejection(envelope) != nil)
        guard case .success(let stored) = EventNormaliser.normaliseStored(envelope) else {
            Issue.record("a logged trace edit must read back")
            return
        }
        #expect(stored.entity == EntityRef(kind: .trace, id: "t") && stored.patch == .traceEdit(TraceEdit(traceId: "t", bookmarked: true, addedTags: ["x"])))
    }

    let observationEvents = [
        T.event("generation-create", id: "c", at: "2026-11-25T09:00:00Z", body: """
            {"id":"g","traceId":"t","name":"llm","startTime":"2026-11-25T09:00:00Z","model":"gpt-4o",
             "usage":{"input":10,"output":20},"statusMessage":"ok","version":"1","modelParameters":{"t":1}}
            """),
        T.event("generation-update", id: "u1", at: "2026-11-25T09:00:01Z", body: """
            {"id":"g","traceId":"other","endTime":"2026-11-25T09:00:03Z","output":"hi","statusMessage":null,"version":null,
             "usage":{},"modelParameters":{},"startTime":"2026-11-25T09:30:00Z"}
            """),
        T.event("generation-update", id: "u2", at: "2026-11-25T09:00:02Z", body: """
            {"id":"g","usage":{"input":11,"output":21},"level":"WARNING","output":0}
            """),
    ]

    @Test func observationMergeFollowsLangfuseRules() {
        let observation = RecordMerger.foldObservation(observationEvents)
        #expect(observation.traceId == .value("t"), "trace_id is fixed by the first write")
        #expect(observation.startTime == .value(ISO8601.parse("2026-11-25T09:00:00Z")!))
        #expect(observation.endTime == .value(ISO8601.parse("2026-11-25T09:00:03Z")!))
        #expect(observation.statusMessage == .value("ok"), "null does not clear statusMessage")
        #expect(observation.version == .value("1"), "null does not clear version")
        #expect(observation.modelParameters == .value(["t": 1]), "an empty object never overwrites")
        #expect(observation.providedUsageDetails == .value(["input": 11, "output": 21, "total": 32]), "a non-empty map replaces")
        #expect(observation.output == .value("hi"), "0 is not truthy, so it does not overwrite output")
        #expect(observation.level == .value("WARNING"))
        #expect(observation.type == .value("GENERATION"))
    }

    @Test func updateBeforeCreateGivesTheSameRecord() {
        let expected = RecordMerger.foldObservation(observationEvents)
        for order in Self.allOrders(observationEvents) {
            #expect(RecordMerger.foldObservation(order) == expected)
        }
    }

    @Test func createsSortBeforeUpdatesWithTheSameTimestamp() {
        let update = T.event("span-update", id: "a", at: "2026-11-25T09:00:00Z", body: #"{"id":"s","name":"updated"}"#)
        let create = T.event("span-create", id: "b", at: "2026-11-25T09:00:00Z", body: #"{"id":"s","traceId":"t","name":"created"}"#)
        #expect(RecordMerger.foldObservation([update, create]).name == .value("updated"))
        #expect(RecordMerger.foldObservation([create, update]).name == .value("updated"))
    }

    @Test func equalTimestampsOfOneKindOrderByEnvelopeId() {
        let a = T.event("trace-create", id: "a", at: "2026-11-25T09:00:00Z", body: #"{"id":"t","name":"from a"}"#)
        let b = T.event("trace-create", id: "b", at: "2026-11-25T09:00:00Z", body: #"{"id":"t","name":"from b"}"#)
        #expect(RecordMerger.foldTrace([b, a]).name == .value("from b"))
        #expect(RecordMerger.foldTrace([a, b]).name == .value("from b"))
    }

    @Test func laterTraceCreateResetsPublic() {
        let first = T.event("trace-create", id: "a", at: "2026-11-25T09:00:00Z", body: #"{"id":"t","public":true}"#)
        let second = T.event("trace-create", id: "b", at: "2026-11-25T09:00:01Z", body: #"{"id":"t","name":"x"}"#)
        #expect(RecordMerger.foldTrace([first, second]).isPublic == .value(false))
    }

    @Test func scoreDeletionWinsUntilALaterCreate() throws {
        let create = T.event("score-create", id: "a", at: "2026-11-25T09:00:00Z", body: #"{"id":"s","traceId":"t","name":"q","value":1}"#)
        let delete = try EventNormaliser.normaliseStored(
            T.envelope("langfarm-score-delete", id: "d", at: "2026-11-25T09:00:05Z", body: #"{"id":"s"}"#)
        ).get()
        #expect(RecordMerger.fold(.score, [delete, create]) == .score(RecordMerger.foldScore([create]).score, isDeleted: true))
        let recreate = T.event("score-create", id: "b", at: "2026-11-25T09:00:06Z", body: #"{"id":"s","traceId":"t","name":"q","value":2}"#)
        #expect(RecordMerger.fold(.score, [recreate, delete, create]) == .score(RecordMerger.foldScore([create, recreate]).score, isDeleted: false))
    }
}
