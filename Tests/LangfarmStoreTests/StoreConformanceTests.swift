import Foundation
import LangfarmCore
import LangfarmStore
import Testing

/// The suite every `Store` must pass. Each test takes a fresh store of each kind.
@Suite struct StoreConformanceTests {
    typealias F = Fixtures

    // MARK: Projects and keys

    @Test(arguments: StoreKind.allCases)
    func projectsAndKeysRoundTrip(kind: StoreKind) async throws {
        let store = try await kind.makeStore().store
        try await store.upsertProject(Project(id: "p1", name: "One"))
        try await store.upsertProject(Project(id: "p1", name: "Renamed"))
        #expect(try await store.project(id: "p1") == Project(id: "p1", name: "Renamed"))
        #expect(try await store.project(id: "nope") == nil)

        let key = APIKeyRecord(publicKey: "pk-lf-1", hashedSecret: "h1", displaySecret: "sk-lf-...0001", projectId: "p1", name: "ci", createdAt: 5)
        try await store.insertAPIKey(key)
        #expect(try await store.apiKey(publicKey: "pk-lf-1") == key)
        #expect(try await store.apiKey(hashedSecret: "h1") == key)
        #expect(try await store.apiKeys() == [key])
        await #expect(throws: StoreError.self) { try await store.insertAPIKey(key) }
        await #expect(throws: StoreError.self) {
            try await store.insertAPIKey(APIKeyRecord(publicKey: "pk-lf-2", hashedSecret: "h2", displaySecret: "x", projectId: "missing", name: nil, createdAt: 5))
        }
        #expect(try await store.revokeAPIKey(publicKey: "pk-lf-1"))
        #expect(try await !store.revokeAPIKey(publicKey: "pk-lf-1"))
        #expect(try await store.apiKey(publicKey: "pk-lf-1") == nil)
    }

    // MARK: Write path

    @Test(arguments: StoreKind.allCases)
    func committedTraceIsMergedAndReadable(kind: StoreKind) async throws {
        let store = try await kind.makeStore().store
        try await store.commit([F.batch("p", F.sdkTrace("t1"))])
        let trace = try #require(try await store.trace(projectId: "p", id: "t1"))
        #expect(trace.name == "chat")
        #expect(trace.metadata == ["a": .number(1), "b": .number(2)])
        #expect(trace.tags == ["x", "y"])
        #expect(trace.output == .object(["a": .string("hello")]))
        let observations = try await store.observations(projectId: "p", traceId: "t1")
        #expect(observations.map(\.id) == ["t1-outer", "t1-inner", "t1-gen", "t1-evt"])
        let generation = try #require(observations.first { $0.id == "t1-gen" })
        #expect(generation.type == "GENERATION")
        #expect(generation.parentObservationId == "t1-outer")
        #expect(generation.usageDetails == ["input": 10, "output": 20, "total": 30])
        #expect(generation.totalCost == Decimal(string: "0.003"))
        #expect(generation.output == .string("hello"))
        #expect(observations.first { $0.id == "t1-inner" }?.output == .object(["ok": .bool(true)]))
        #expect(try await store.observation(projectId: "p", id: "t1-evt")?.type == "EVENT")
        let scores = try await store.scores(projectId: "p", traceId: "t1")
        #expect(scores.map(\.value) == [0.9])
    }

    @Test(arguments: StoreKind.allCases)
    func userActivitySpansEachUsersFirstAndLatestTraceWithinTheProject(kind: StoreKind) async throws {
        let store = try await kind.makeStore().store
        func trace(_ id: String, user: String, at time: String) -> NormalisedEvent {
            F.event("trace-create", id: "e-\(id)", at: time, body: #"{"id":"\#(id)","userId":"\#(user)","timestamp":"\#(time)"}"#)
        }
        try await store.commit([
            F.batch("p", [
                trace("t1", user: "u1", at: "2026-11-02T10:00:00.000Z"), trace("t2", user: "u1", at: "2026-11-01T09:00:00.000Z"),
                trace("t3", user: "u1", at: "2026-11-03T08:00:00.000Z"), trace("t4", user: "u2", at: "2026-11-05T00:00:00.000Z"),
            ]),
            F.batch("q", [trace("t9", user: "u1", at: "2026-12-01T00:00:00.000Z")]),
        ])
        let activity = try await store.userActivity(projectId: "p", userIds: ["u1", "u2", "nobody"])
        #expect(activity == [
            "u1": UserActivity(first: ISO8601.parse("2026-11-01T09:00:00.000Z")!, last: ISO8601.parse("2026-11-03T08:00:00.000Z")!),
            "u2": UserActivity(first: ISO8601.parse("2026-11-05T00:00:00.000Z")!, last: ISO8601.parse("2026-11-05T00:00:00.000Z")!),
        ])
    }

    @Test(arguments: StoreKind.allCases)
    func scoresOfSeveralTracesComeByTraceWithinTheProject(kind: StoreKind) async throws {
        let store = try await kind.makeStore().store
        try await store.commit([F.batch("p", F.sdkTrace("t2") + F.sdkTrace("t1")), F.batch("q", F.sdkTrace("t1"))])
        let scores = try await store.scores(projectId: "p", traceIds: ["t2", "t1", "missing"])
        #expect(scores.map(\.traceId) == ["t1", "t2"] && scores.allSatisfy { $0.projectId == "p" })
        #expect(try await store.scores(projectId: "p", traceIds: []).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func everyEventIsLoggedVerbatim(kind: StoreKind) async throws {
        let store = try await kind.makeStore().store
        let events = F.sdkTrace("t1")
        try await store.commit([F.batch("p", at: 42, events)])
        let logged = try await store.loggedEvents(projectId: "p")
        #expect(logged.count == events.count)
        for (entry, event) in zip(logged, events) {
            #expect(entry.envelopeId == event.envelopeId)
            #expect(entry.eventType == event.type.rawValue)
            #expect(entry.eventTimestamp == event.timestamp)
            #expect(entry.receivedAt == 42)
            #expect(entry.envelope == event.rawText)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func retriedEventsChangeNothing(kind: StoreKind) async throws {
        let store = try await kind.makeStore().store
        let events = F.sdkTrace("t1")
        try await store.commit([F.batch("p", at: 1, events)])
        let before = try await Snapshot.of("t1", project: "p", in: store)
        let rowBefore = try await store.trace(projectId: "p", id: "t1")
        try await store.commit([F.batch("p", at: 2, events)])
        #expect(try await Snapshot.of("t1", project: "p", in: store) == before)
        #expect(try await store.trace(projectId: "p", id: "t1") == rowBefore, "not even updatedAt moves")
        #expect(try await store.loggedEvents(projectId: "p").count == events.count)
    }

    @Test(arguments: StoreKind.allCases)
    func envelopeIdsAreUniquePerEntityAsInLangfuse(kind: StoreKind) async throws {
        let store = try await kind.makeStore().store
        let trace = F.event("trace-create", id: "same", at: "2026-11-25T09:00:00Z", body: #"{"id":"t","name":"n"}"#)
        let span = F.event("span-create", id: "same", at: "2026-11-25T09:00:00Z", body: #"{"id":"s","traceId":"t"}"#)
        try await store.commit([F.batch("p", [trace, span])])
        #expect(try await store.trace(projectId: "p", id: "t") != nil)
        #expect(try await store.observation(projectId: "p", id: "s") != nil)
        #expect(try await store.loggedEvents(projectId: "p").count == 2)
    }

    @Test(arguments: StoreKind.allCases)
    func anyDeliveryOrderGivesTheInOrderRows(kind: StoreKind) async throws {
        let events = F.sdkTrace("t1")
        let inOrder = try await kind.makeStore().store
        try await inOrder.commit([F.batch("p", events)])
        let expected = try await Snapshot.of("t1", project: "p", in: inOrder)

        let orders: [[NormalisedEvent]] = [
            events.reversed(),
            events.enumerated().filter { $0.offset % 2 == 1 }.map(\.element) + events.enumerated().filter { $0.offset % 2 == 0 }.map(\.element),
            Array(events[4...]) + Array(events[..<4]),
        ]
        for order in orders {
            let store = try await kind.makeStore().store
            // One event per batch, so every event is refolded against what is already stored.
            for event in order {
                try await store.commit([F.batch("p", [event])])
            }
            #expect(try await Snapshot.of("t1", project: "p", in: store) == expected)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func updateBeforeCreateAcrossBatches(kind: StoreKind) async throws {
        let store = try await kind.makeStore().store
        let update = F.event("span-update", id: "u", at: "2026-11-25T09:00:02Z", body: #"{"id":"s","output":"done","endTime":"2026-11-25T09:00:02Z"}"#)
        let create = F.event("span-create", id: "c", at: "2026-11-25T09:00:00Z", body: #"{"id":"s","traceId":"t","name":"work","input":"go"}"#)
        try await store.commit([F.batch("p", [update])])
        try await store.commit([F.batch("p", [create])])
        let span = try #require(try await store.observation(projectId: "p", id: "s"))
        #expect(span.traceId == "t")
        #expect(span.name == "work")
        #expect(span.output == .string("done"))
        #expect(span.startTime == ISO8601.parse("2026-11-25T09:00:00Z"))
    }

    @Test(arguments: StoreKind.allCases)
    func partitionTimeIsTheTracesFirstSeenTimeForever(kind: StoreKind) async throws {
        let (store, reopen) = try await kind.makeStore()
        let firstSeen: EpochMillis = 1_795_600_000_000
        let events = F.sdkTrace("t1")
        try await store.commit([F.batch("p", at: firstSeen, [events[3]])])
        try await store.commit([F.batch("p", at: firstSeen + 3_600_000, Array(events[0..<3]))])
        let reopened = try await reopen()
        try await reopened.commit([F.batch("p", at: firstSeen + 86_400_000, Array(events[4...]))])
        let snapshot = try await Snapshot.of("t1", project: "p", in: reopened)
        let expected = PartitionTime(createdAt: firstSeen)
        #expect(snapshot.trace?.partition == expected)
        #expect(snapshot.observations.count == 4)
        #expect(snapshot.observations.allSatisfy { $0.partition == expected })
        #expect(snapshot.scores.allSatisfy { $0.partition == expected })
        #expect(expected.dt == "2026-11-25" && expected.hh == "09")
    }

    @Test(arguments: StoreKind.allCases)
    func projectsAreWalls(kind: StoreKind) async throws {
        let store = try await kind.makeStore().store
        try await store.commit([F.batch("a", F.sdkTrace("t1"))])
        try await store.commit([F.batch("b", [F.event("trace-create", id: "b1", at: "2026-11-25T10:00:00Z", body: #"{"id":"t1","name":"b's"}"#)])])
        #expect(try await store.trace(projectId: "a", id: "t1")?.name == "chat")
        #expect(try await store.trace(projectId: "b", id: "t1")?.name == "b's")
        #expect(try await store.observations(projectId: "b", traceId: "t1").isEmpty)
        #expect(try await store.observation(projectId: "b", id: "t1-gen") == nil)
        #expect(try await store.score(projectId: "b", id: "t1-score") == nil)
        #expect(try await store.loggedEvents(projectId: "b").count == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func scoreDeletionIsAnEventThatRebuildKeeps(kind: StoreKind) async throws {
        let store = try await kind.makeStore().store
        try await store.commit([F.batch("p", F.sdkTrace("t1"))])
        let deletion = try EventNormaliser.normaliseStored(try JSONValue.parse(Data(
            #"{"id":"del","type":"langfarm-score-delete","timestamp":"2026-11-25T10:00:00Z","body":{"id":"t1-score"}}"#.utf8
        ))).get()
        try await store.commit([F.batch("p", [deletion])])
        #expect(try await store.score(projectId: "p", id: "t1-score") == nil)
        _ = try await store.rebuild()
        #expect(try await store.score(projectId: "p", id: "t1-score") == nil)
        #expect(try await store.trace(projectId: "p", id: "t1") != nil)
    }

    @Test(arguments: StoreKind.allCases)
    func deletionWinsOverAScoreStampedAheadOfTheServerClock(kind: StoreKind) async throws {
        let store = try await kind.makeStore().store
        let future = F.event("score-create", id: "c", at: "2099-01-01T00:00:00Z", body: #"{"id":"s","traceId":"t","name":"q","value":1}"#)
        try await store.commit([F.batch("p", [future])])
        let deletion = try EventNormaliser.normaliseStored(try JSONValue.parse(Data(
            #"{"id":"del","type":"langfarm-score-delete","timestamp":"2026-11-25T10:00:00Z","body":{"id":"s"}}"#.utf8
        ))).get()
        try await store.commit([F.batch("p", [deletion])])
        #expect(try await store.score(projectId: "p", id: "s") == nil)
        _ = try await store.rebuild()
        #expect(try await store.score(projectId: "p", id: "s") == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func tracelessScoresAndTracesAreSeparateAnchors(kind: StoreKind) async throws {
        let store = try await kind.makeStore().store
        try await store.commit([F.batch("p", at: 1_000, [F.event("trace-create", id: "a", at: "2026-11-25T09:00:00Z", body: #"{"id":"score:s1"}"#)])])
        try await store.commit([F.batch("p", at: 2_000, [F.event("score-create", id: "b", at: "2026-11-25T09:00:00Z", body: #"{"id":"s1","sessionId":"x","name":"q","value":1}"#)])])
        #expect(try await store.trace(projectId: "p", id: "score:s1")?.partition.createdAt == 1_000)
        #expect(try await store.score(projectId: "p", id: "s1")?.partition.createdAt == 2_000)
    }

    @Test(arguments: StoreKind.allCases)
    func rebuildRecomputesTheSameRows(kind: StoreKind) async throws {
        let store = try await kind.makeStore().store
        try await store.commit([F.batch("p", F.sdkTrace("t1")), F.batch("q", F.sdkTrace("t2"))])
        let before = [try await Snapshot.of("t1", project: "p", in: store), try await Snapshot.of("t2", project: "q", in: store)]
        let summary = try await store.rebuild()
        #expect(summary == RebuildSummary(events: 20, traces: 2, observations: 8, scores: 2))
        let after = [try await Snapshot.of("t1", project: "p", in: store), try await Snapshot.of("t2", project: "q", in: store)]
        #expect(after == before)
    }

    @Test(arguments: StoreKind.allCases)
    func concurrentGroupCommitsLoseNothing(kind: StoreKind) async throws {
        let store = try await kind.makeStore().store
        let committer = GroupCommitter(store: store)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<64 {
                group.addTask { try await committer.commit(F.batch("p", F.sdkTrace("t\(index)"))) }
            }
            try await group.waitForAll()
        }
        for index in 0..<64 {
            let snapshot = try await Snapshot.of("t\(index)", project: "p", in: store)
            #expect(snapshot.trace != nil && snapshot.observations.count == 4 && snapshot.scores.count == 1)
        }
        #expect(try await store.loggedEvents(projectId: "p").count == 640)
    }

    /// A group commit projects its batches together; the rows must be those of committing the
    /// batches one after the other: a retry inside the group is logged once, and a UI edit is
    /// stamped after an SDK event earlier in the group even when the client's clock runs ahead.
    @Test(arguments: StoreKind.allCases)
    func oneGroupCommitLeavesTheRowsOfItsBatchesCommittedInTurn(kind: StoreKind) async throws {
        let create = F.event("trace-create", id: "g-e1", at: "2099-01-01T00:00:00.000Z", body: #"{"id":"g","name":"ahead","tags":["a","b"]}"#)
        let edit = try TraceEdit(traceId: "g", bookmarked: true, removedTags: ["a"]).event(id: "g-edit", at: 1_795_600_000_000)
        let update = F.event("trace-create", id: "g-e2", at: "2026-11-25T09:00:00.000Z", body: #"{"id":"g","output":"done"}"#)
        let batches = [F.batch("p", [create]), F.batch("p", [edit]), F.batch("p", [create, update])]

        let grouped = try await kind.makeStore().store
        try await grouped.commit(batches)
        let inTurn = try await kind.makeStore().store
        for batch in batches { try await inTurn.commit([batch]) }

        let trace = try #require(try await grouped.trace(projectId: "p", id: "g"))
        #expect(trace.bookmarked && trace.tags == ["b"] && trace.output == .string("done"))
        #expect(try await inTurn.trace(projectId: "p", id: "g") == trace)
        let logged = try await grouped.loggedEvents(projectId: "p")
        #expect(logged.map(\.envelopeId) == ["g-e1", "g-edit", "g-e2"])
        #expect(logged == (try await inTurn.loggedEvents(projectId: "p")))
        let editTime = try #require(logged.first { $0.envelopeId == "g-edit" }?.eventTimestamp)
        #expect(editTime > logged[0].eventTimestamp, "the edit is stamped after the SDK event the client stamped in 2099")
    }
}
