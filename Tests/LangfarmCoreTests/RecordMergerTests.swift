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

    @Test func anObservationsNullsClearEveryColumnButThreeQuirks() throws {
        let create = T.event("generation-create", id: "a", at: "2026-11-25T09:00:00Z", body: """
            {"id":"g","traceId":"t","parentObservationId":"p","name":"llm","level":"ERROR","endTime":"2026-11-25T09:00:01Z",
             "completionStartTime":"2026-11-25T09:00:00.5Z","model":"gpt-4o","statusMessage":"boom","version":"v1",
             "promptName":"pr","promptVersion":3}
            """)
        let update = T.event("generation-update", id: "b", at: "2026-11-25T09:00:02Z", body: """
            {"id":"g","parentObservationId":null,"name":null,"level":null,"endTime":null,"completionStartTime":null,
             "model":null,"statusMessage":null,"version":null,"promptName":null,"promptVersion":null}
            """)
        let observation = RecordMerger.foldObservation([create, update])
        #expect(observation.parentObservationId == .value("p"), "null does not clear parentObservationId")
        #expect(observation.statusMessage == .value("boom"))
        #expect(observation.version == .value("v1"))
        #expect(observation.name == .null)
        #expect(observation.level == .null)
        #expect(observation.endTime == .null)
        #expect(observation.completionStartTime == .null)
        #expect(observation.providedModelName == .null)
        #expect(observation.promptName == .null)
        #expect(observation.promptVersion == .null)
        let row = try #require(RowBuilder.observation(observation, projectId: "p", partition: PartitionTime(createdAt: 1), updatedAt: 1))
        #expect(row.level == "DEFAULT" && row.name == nil && row.endTime == nil && row.parentObservationId == "p")
    }

    /// Ids, timestamps and the environment are fixed by their first non-null value; a null sent
    /// first fixes nothing.
    @Test func immutableColumnsKeepTheFirstNonNullValue() {
        let events = [
            T.event("span-create", id: "a", at: "2026-11-25T09:00:00Z", body: #"{"id":"s","traceId":null,"environment":"prod"}"#),
            T.event("span-update", id: "b", at: "2026-11-25T09:00:01Z", body: #"{"id":"s","traceId":"t2","environment":"dev"}"#),
            T.event("span-update", id: "c", at: "2026-11-25T09:00:02Z", body: #"{"id":"s","traceId":"t3"}"#),
        ]
        let observation = RecordMerger.foldObservation(events)
        #expect(observation.traceId == .value("t2"))
        #expect(observation.environment == .value("prod"))
        #expect(observation.startTime == .value(ISO8601.parse("2026-11-25T09:00:00Z")!), "start time defaults to the first event's")

        let first = T.event("score-create", id: "a", at: "2026-11-25T09:00:00Z", body: """
            {"id":"s","traceId":"t","name":"q","value":1,"timestamp":"2026-11-25T08:00:00Z","environment":"prod"}
            """)
        let second = T.event("score-create", id: "b", at: "2026-11-25T09:00:01Z", body: """
            {"id":"s","traceId":"t2","name":"r","value":2,"timestamp":"2026-11-25T08:30:00Z","environment":"dev"}
            """)
        let score = RecordMerger.foldScore([second, first]).score
        #expect(score.traceId == .value("t"))
        #expect(score.timestamp == .value(ISO8601.parse("2026-11-25T08:00:00Z")!))
        #expect(score.environment == .value("prod"))
        #expect(score.name == .value("r") && score.value == .value(2), "other columns take the later value")
    }

    @Test func emptyModelParametersAreNeverStored() throws {
        let create = T.event("generation-create", id: "a", at: "2026-11-25T09:00:00Z", body: #"{"id":"g","traceId":"t","modelParameters":{}}"#)
        let observation = RecordMerger.foldObservation([create])
        #expect(observation.modelParameters == .absent)
        let row = try #require(RowBuilder.observation(observation, projectId: "p", partition: PartitionTime(createdAt: 1), updatedAt: 1))
        #expect(row.modelParameters == nil)
    }

    /// JavaScript truthiness: an empty object or array is truthy, so it replaces input and
    /// output, where an empty object never replaces other object-valued columns.
    @Test func emptyObjectsAndArraysOverwriteInputAndOutput() {
        let first = T.event("trace-create", id: "a", at: "2026-11-25T09:00:00Z", body: #"{"id":"t","input":"q","output":"r"}"#)
        let second = T.event("trace-create", id: "b", at: "2026-11-25T09:00:01Z", body: #"{"id":"t","input":{},"output":[],"metadata":{}}"#)
        let trace = RecordMerger.foldTrace([first, second])
        #expect(trace.input == .value([:]))
        #expect(trace.output == .value([]))
        #expect(trace.metadata == .value([:]), "an empty metadata object still sets the column")
    }

    @Test func nullMetadataAndTagsChangeNothing() {
        let first = T.event("trace-create", id: "a", at: "2026-11-25T09:00:00Z", body: #"{"id":"t","metadata":{"a":1},"tags":["x"]}"#)
        let second = T.event("trace-create", id: "b", at: "2026-11-25T09:00:01Z", body: #"{"id":"t","metadata":null,"tags":null}"#)
        let trace = RecordMerger.foldTrace([first, second])
        #expect(trace.metadata == .value(["a": 1]))
        #expect(trace.tags == .value(["x"]))
    }

    /// A column a later event does not send keeps its value, even when it no longer fits.
    @Test func aLaterNumericScoreKeepsAnEarlierStringValue() {
        let categorical = T.event("score-create", id: "a", at: "2026-11-25T09:00:00Z", body: #"{"id":"s","traceId":"t","name":"q","value":"good"}"#)
        let numeric = T.event("score-create", id: "b", at: "2026-11-25T09:00:01Z", body: #"{"id":"s","traceId":"t","name":"q","value":0.5}"#)
        let score = RecordMerger.foldScore([categorical, numeric]).score
        #expect(score.dataType == .value("NUMERIC"))
        #expect(score.value == .value(0.5))
        #expect(score.stringValue == .value("good"))
    }

    /// A legacy update may send its type as null, which clears it as any null does: the row is a
    /// span.
    @Test func aLegacyUpdateWithANullTypeMakesASpan() throws {
        let create = T.event("observation-create", id: "a", at: "2026-11-25T09:00:00Z", body: #"{"id":"o","traceId":"t","type":"GENERATION"}"#)
        let update = T.event("observation-update", id: "b", at: "2026-11-25T09:00:01Z", body: #"{"id":"o","type":null}"#)
        let observation = RecordMerger.foldObservation([create, update])
        #expect(observation.type == .null)
        let row = try #require(RowBuilder.observation(observation, projectId: "p", partition: PartitionTime(createdAt: 1), updatedAt: 1))
        #expect(row.type == "SPAN")
    }

    /// Langfarm never logs a null flag, but one in the log clears the flag as a null does.
    @Test func aLoggedNullFlagClearsIt() throws {
        let create = T.event("trace-create", id: "a", at: "2026-11-25T09:00:00Z", body: #"{"id":"t","public":true}"#)
        let bookmark = try TraceEdit(traceId: "t", bookmarked: true).event(id: "edit-1", at: ISO8601.parse("2026-11-25T09:00:01Z")!)
        let cleared = try EventNormaliser.normaliseStored(
            T.envelope("langfarm-trace-edit", id: "edit-2", at: "2026-11-25T09:00:02Z", body: #"{"id":"t","bookmarked":null,"public":null}"#)
        ).get()
        #expect(cleared.patch == .traceEdit(TraceEdit(traceId: "t", bookmarked: false, isPublic: false)))
        let trace = RecordMerger.foldTrace([create, bookmark, cleared])
        #expect(trace.bookmarked == .value(false) && trace.isPublic == .value(false))
    }

    @Test func aTraceEditReadsBackAsTheEditLogged() throws {
        let edit = TraceEdit(traceId: "t", bookmarked: false, isPublic: true, addedTags: ["a", "b"], removedTags: ["c"])
        let event = try edit.event(id: "edit", at: ISO8601.parse("2026-11-25T09:00:00Z")!)
        #expect(event.patch == .traceEdit(edit))
        #expect(event.entity == EntityRef(kind: .trace, id: "t"))
        #expect(event.traceId == "t")
    }

    @Test func aScoreDeletedBeforeItWasCreatedIsDeleted() throws {
        let delete = try EventNormaliser.normaliseStored(
            T.envelope("langfarm-score-delete", id: "d", at: "2026-11-25T09:00:05Z", body: #"{"id":"s"}"#)
        ).get()
        #expect(delete.patch == .scoreDeletion && delete.entity == EntityRef(kind: .score, id: "s"))
        #expect(RecordMerger.fold(.score, [delete]) == .score(ScorePatch(), isDeleted: true))
    }

    @Test func foldingFollowsTheEntityKind() {
        #expect(RecordMerger.fold(.trace, traceEvents) == .trace(RecordMerger.foldTrace(traceEvents)))
        #expect(RecordMerger.fold(.observation, observationEvents) == .observation(RecordMerger.foldObservation(observationEvents)))
        #expect(RecordMerger.fold(.observation, []) == .observation(ObservationPatch()), "no events, no columns")
    }
}
