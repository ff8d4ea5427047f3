import Foundation
import LangfarmCore
import LangfarmStore
import Testing

/// The read model every `Store` keeps at commit time (per-trace aggregates, the trace context
/// on observations, sessions, tag and metadata lookups) must equal what the rows say, whatever
/// order and batching the events arrive in, after deletions and after a rebuild.
@Suite struct ReadModelConformanceTests {
    typealias F = Fixtures

    /// Checks every derived value against the rows, trace by trace.
    func checkDerivedData(_ store: any Store, project: String = "p", traces: Int) async throws {
        let everything = FilterCondition<TraceColumn>(column: .timestamp, type: .datetime, operator: .greaterThanOrEqual, value: .time(0))
        let counted = try await store.traces(TraceListQuery(projectId: project, conditions: [everything])).totalItems
        #expect(try await store.traces(TraceListQuery(projectId: project)).totalItems == counted, "the project's trace counter")
        // Totals a counter answers equal those counted from the rows (the `everything`
        // condition makes the store count).
        let counterAnswered: [FilterCondition<TraceColumn>] = ["n0", "renamed0", "renamed1"].map {
            FilterCondition(column: .name, type: .string, operator: .equals, value: .string($0))
        } + [
            FilterCondition(column: .environment, type: .stringOptions, operator: .anyOf, value: .strings(["default", "x"])),
            FilterCondition(column: .tags, type: .arrayOptions, operator: .allOf, value: .strings(["b1"])),
            FilterCondition(column: .metadata, type: .stringObject, operator: .equals, value: .string("2"), key: "j"),
        ]
        for condition in counterAnswered {
            let shortcut = try await store.traces(TraceListQuery(projectId: project, conditions: [condition])).totalItems
            let counted = try await store.traces(TraceListQuery(projectId: project, conditions: [condition, everything])).totalItems
            #expect(shortcut == counted, "\(condition.column) \(condition.value)")
        }
        for index in 0..<traces {
            let traceId = "\(project)-t\(index)"
            guard let trace = try await store.trace(projectId: project, id: traceId) else { continue }
            let observations = try await store.observations(projectId: project, traceId: traceId)
            let aggregates = try #require(try await store.traceAggregates(projectId: project, traceId: traceId))
            #expect(aggregatesMatch(aggregates, expectedAggregates(observations)), "\(traceId): \(aggregates) vs \(expectedAggregates(observations))")
            let listed = try await store.observations(ObservationListQuery(
                projectId: project,
                conditions: [FilterCondition(column: .traceId, type: .string, operator: .equals, value: .string(traceId))],
                paging: .cursor(after: nil, limit: 1000)
            ))
            #expect(listed.items.count == observations.count)
            for item in listed.items {
                #expect(item.trace == TraceContext(trace), "\(item.observation.id) carries a stale trace context")
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func derivedDataMatchesTheRowsForAnyDeliveryOrder(kind: StoreKind) async throws {
        var random = RandomTraces(seed: 11)
        let events = random.events(traces: 12, observations: 5)
        for round in 0..<4 {
            let store = try await kind.makeStore().store
            let order = round == 0 ? events : random.shuffled(events)
            for batch in random.batches(order, maxSize: round == 3 ? 1 : 9) {
                try await store.commit([batch])
            }
            try await checkDerivedData(store, traces: 12)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func groupCommitsOfManyBatchesKeepTheReadModel(kind: StoreKind) async throws {
        var random = RandomTraces(seed: 12)
        let store = try await kind.makeStore().store
        let batches = random.batches(random.shuffled(random.events(traces: 10, observations: 4)), maxSize: 6)
        try await store.commit(batches)
        try await checkDerivedData(store, traces: 10)
    }

    /// A group commit larger than one step of the projector (`Projector.eventsPerStep`,
    /// `entitiesPerStep`) is logged, folded and written step by step in one transaction: its rows
    /// and read model are those committing the same events in small batches leaves, with a
    /// trace's events and its observations' in different steps and retries across steps.
    @Test(arguments: StoreKind.allCases)
    func aGroupCommitLargerThanAStepProjectsAsSmallCommitsDo(kind: StoreKind) async throws {
        var random = RandomTraces(seed: 14)
        var events = random.shuffled(random.events(traces: 3, observations: 1_000))
        events += (0..<20).map { _ in events[Int(random.generator.next() % UInt64(events.count))] }
        let entities = Set(events.compactMap(\.entity)).count
        #expect(events.count > Projector.eventsPerStep && entities > Projector.entitiesPerStep, "the commit spans several steps")
        let batches = random.batches(events, maxSize: 400)
        let large = try await kind.makeStore().store
        try await large.commit(batches)
        let small = try await kind.makeStore().store
        for batch in batches { try await small.commit([batch]) }
        for index in 0..<3 {
            let expected = try await Snapshot.of("p-t\(index)", project: "p", in: small)
            #expect(expected.observations.count == 1_000)
            #expect(try await Snapshot.of("p-t\(index)", project: "p", in: large) == expected)
        }
        try await checkDerivedData(large, traces: 3)
        #expect(try await large.loggedEvents(projectId: "p").count == events.count - 20, "each retry logged once")
    }

    @Test(arguments: StoreKind.allCases)
    func rebuildGivesTheSameReadModel(kind: StoreKind) async throws {
        var random = RandomTraces(seed: 13)
        let store = try await kind.makeStore().store
        for batch in random.batches(random.shuffled(random.events(traces: 8, observations: 3)), maxSize: 5) {
            try await store.commit([batch])
        }
        let query = TraceListQuery(projectId: "p", page: PageRequest(page: 1, limit: 100))
        let before = try await store.traces(query).items
        _ = try await store.rebuild()
        let after = try await store.traces(query).items
        #expect(after.map(\.trace.id) == before.map(\.trace.id))
        #expect(zip(after, before).allSatisfy { aggregatesMatch($0.aggregates, $1.aggregates) && $0.observationIds == $1.observationIds })
        try await checkDerivedData(store, traces: 8)
        let sessions = try await store.sessions(SessionListQuery(projectId: "p", page: PageRequest(page: 1, limit: 100)))
        #expect(sessions.totalItems == Set(before.compactMap(\.trace.sessionId)).count)
    }

    @Test(arguments: StoreKind.allCases)
    func aTraceUpdateMovesItsObservationsContextAndLookups(kind: StoreKind) async throws {
        let store = try await kind.makeStore().store
        try await store.commit([F.batch("p", F.sdkTrace("t1"))])
        try await store.commit([F.batch("p", [F.event("trace-create", id: "later", at: "2026-11-25T09:10:00Z", body: """
            {"id":"t1","name":"renamed","userId":"u9","tags":["z"],"metadata":{"a":"changed"}}
            """)])])
        let items = try await store.observations(ObservationListQuery(projectId: "p", paging: .cursor(after: nil, limit: 50))).items
        #expect(items.count == 4)
        #expect(items.allSatisfy { $0.trace.name == "renamed" && $0.trace.userId == "u9" && $0.trace.tags == ["x", "y", "z"] })
        func count(_ conditions: [FilterCondition<TraceColumn>]) async throws -> Int {
            try await store.traces(TraceListQuery(projectId: "p", conditions: conditions)).totalItems
        }
        #expect(try await count([FilterCondition(column: .tags, type: .arrayOptions, operator: .allOf, value: .strings(["x", "z"]))]) == 1)
        #expect(try await count([FilterCondition(column: .metadata, type: .stringObject, operator: .equals, value: .string("changed"), key: "a")]) == 1)
        #expect(try await count([FilterCondition(column: .metadata, type: .stringObject, operator: .equals, value: .string("1"), key: "a")]) == 0)
        #expect(try await count([FilterCondition(column: .metadata, type: .stringObject, operator: .equals, value: .string("2"), key: "b")]) == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func aSessionIsCreatedByItsFirstIngestedTraceAndKeepsThatTime(kind: StoreKind) async throws {
        let store = try await kind.makeStore().store
        let trace = { (id: String, environment: String) in
            F.event("trace-create", id: "e-\(id)", at: "2026-11-25T09:00:00Z", body: """
                {"id":"\(id)","sessionId":"s","environment":"\(environment)","timestamp":"2020-01-01T00:00:00Z"}
                """)
        }
        try await store.commit([F.batch("p", at: 5_000, [trace("first", "prod")])])
        try await store.commit([F.batch("p", at: 9_000, [trace("second", "dev")])])
        #expect(try await store.session(projectId: "p", id: "s") == SessionRow(projectId: "p", id: "s", createdAt: 5_000, environment: "prod"))
        _ = try await store.rebuild()
        #expect(try await store.session(projectId: "p", id: "s")?.createdAt == 5_000)
        #expect(try await store.traces(projectId: "p", sessionId: "s").map(\.id) == ["first", "second"])
        #expect(try await store.session(projectId: "q", id: "s") == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func deletingATraceRemovesWhatWasDerivedFromIt(kind: StoreKind) async throws {
        let store = try await kind.makeStore().store
        try await store.commit([F.batch("p", F.sdkTrace("t1") + F.sdkTrace("t2"))])
        #expect(try await store.deleteTraces(projectId: "p", ids: ["t1"]) == 1)
        let tagged = try await store.traces(TraceListQuery(
            projectId: "p", conditions: [FilterCondition(column: .tags, type: .arrayOptions, operator: .anyOf, value: .strings(["x"]))]
        ))
        #expect(tagged.items.map(\.trace.id) == ["t2"])
        #expect(try await store.observations(ObservationListQuery(projectId: "p", paging: .offset(PageRequest(page: 1, limit: 50)))).totalItems == 4)
        #expect(try await store.session(projectId: "p", id: "s1") != nil, "t2 is still in the session")
        #expect(try await store.deleteTraces(projectId: "p", ids: ["t2"]) == 1)
        #expect(try await store.session(projectId: "p", id: "s1") == nil)
        #expect(try await store.traces(TraceListQuery(projectId: "p")).totalItems == 0)
    }
}
