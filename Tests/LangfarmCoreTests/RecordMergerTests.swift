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
        let record = RecordMerger.fold(.trace, traceEvents)
        #expect(record["name"] == .string("second"))
        #expect(record["timestamp"] == .number(Double(ISO8601.parse("2026-11-25T08:59:59Z")!)), "timestamp is fixed by the first write")
        #expect(record["environment"] == .string("prod"), "environment is fixed by the first write")
        #expect(record["metadata"] == T.json(#"{"a":{"x":1,"y":2},"keep":true}"#), "metadata deep-merges")
        #expect(record["tags"] == T.json(#"["a","b","c"]"#), "tags are the sorted union")
        #expect(record["input"] == T.json(#"{"q":1}"#), "an empty string does not overwrite input")
        #expect(record["output"] == T.json(#"{"r":1}"#), "null does not overwrite output")
        #expect(record["user_id"] == .null, "an explicit null overwrites")
    }

    @Test func traceMergeIsIndependentOfArrivalOrder() {
        let expected = RecordMerger.fold(.trace, traceEvents)
        for order in Self.allOrders(traceEvents) {
            #expect(RecordMerger.fold(.trace, order) == expected)
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
        let expected = RecordMerger.fold(.trace, events)
        #expect(expected["bookmarked"] == .bool(true), "later SDK events do not reset a bookmark")
        #expect(expected["public"] == .bool(false), "the later edit wins")
        #expect(expected["tags"] == T.json(#"["a","x"]"#))
        #expect(expected["name"] == .string("second"))
        for order in Self.allOrders(events) {
            #expect(RecordMerger.fold(.trace, order) == expected)
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
        #expect(stored.entity == EntityRef(kind: .trace, id: "t") && stored.patch["bookmarked"] == .bool(true))
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
        let record = RecordMerger.fold(.observation, observationEvents)
        #expect(record["trace_id"] == .string("t"), "trace_id is fixed by the first write")
        #expect(record["start_time"] == .number(Double(ISO8601.parse("2026-11-25T09:00:00Z")!)))
        #expect(record["end_time"] == .number(Double(ISO8601.parse("2026-11-25T09:00:03Z")!)))
        #expect(record["status_message"] == .string("ok"), "null does not clear statusMessage")
        #expect(record["version"] == .string("1"), "null does not clear version")
        #expect(record["model_parameters"] == T.json(#"{"t":1}"#), "an empty object never overwrites")
        #expect(record["provided_usage_details"] == T.json(#"{"input":11,"output":21,"total":32}"#), "a non-empty map replaces")
        #expect(record["output"] == .string("hi"), "0 is not truthy, so it does not overwrite output")
        #expect(record["level"] == .string("WARNING"))
        #expect(record["type"] == .string("GENERATION"))
    }

    @Test func updateBeforeCreateGivesTheSameRecord() {
        let expected = RecordMerger.fold(.observation, observationEvents)
        for order in Self.allOrders(observationEvents) {
            #expect(RecordMerger.fold(.observation, order) == expected)
        }
    }

    @Test func createsSortBeforeUpdatesWithTheSameTimestamp() {
        let update = T.event("span-update", id: "a", at: "2026-11-25T09:00:00Z", body: #"{"id":"s","name":"updated"}"#)
        let create = T.event("span-create", id: "b", at: "2026-11-25T09:00:00Z", body: #"{"id":"s","traceId":"t","name":"created"}"#)
        #expect(RecordMerger.fold(.observation, [update, create])["name"] == .string("updated"))
        #expect(RecordMerger.fold(.observation, [create, update])["name"] == .string("updated"))
    }

    @Test func equalTimestampsOfOneKindOrderByEnvelopeId() {
        let a = T.event("trace-create", id: "a", at: "2026-11-25T09:00:00Z", body: #"{"id":"t","name":"from a"}"#)
        let b = T.event("trace-create", id: "b", at: "2026-11-25T09:00:00Z", body: #"{"id":"t","name":"from b"}"#)
        #expect(RecordMerger.fold(.trace, [b, a])["name"] == .string("from b"))
        #expect(RecordMerger.fold(.trace, [a, b])["name"] == .string("from b"))
    }

    @Test func laterTraceCreateResetsPublic() {
        let first = T.event("trace-create", id: "a", at: "2026-11-25T09:00:00Z", body: #"{"id":"t","public":true}"#)
        let second = T.event("trace-create", id: "b", at: "2026-11-25T09:00:01Z", body: #"{"id":"t","name":"x"}"#)
        #expect(RecordMerger.fold(.trace, [first, second])["public"] == .bool(false))
    }

    @Test func scoreDeletionWinsUntilALaterCreate() throws {
        let create = T.event("score-create", id: "a", at: "2026-11-25T09:00:00Z", body: #"{"id":"s","traceId":"t","name":"q","value":1}"#)
        let delete = try EventNormaliser.normaliseStored(
            T.envelope("langfarm-score-delete", id: "d", at: "2026-11-25T09:00:05Z", body: #"{"id":"s"}"#)
        ).get()
        #expect(RecordMerger.fold(.score, [delete, create])["is_deleted"] == .bool(true))
        let recreate = T.event("score-create", id: "b", at: "2026-11-25T09:00:06Z", body: #"{"id":"s","traceId":"t","name":"q","value":2}"#)
        #expect(RecordMerger.fold(.score, [recreate, delete, create])["is_deleted"] == nil)
    }
}
