import Foundation
import LangfarmCore
import LangfarmPostgres
import LangfarmStore
import Testing

/// PostgreSQL's `TraceReader`, while its read side is built one reader at a time: the read
/// suites need all of `Store`, so until `PostgresStore` conforms, these run the trace-list
/// checks of `ReadModelConformanceTests` on it, and compare every filter and sort with the
/// SQLite store's answers on the same events. Once PostgreSQL is in `StoreKind.withReadSide`,
/// the read-model part here is covered by the suites and goes.
@Suite struct PostgresTraceReaderTests {
    typealias F = Fixtures

    @Test func aggregatesMatchTheRowsForAnyDeliveryOrderAfterRebuildAndDeletion() async throws {
        var random = RandomTraces(seed: 11)
        let events = random.events(traces: 12, observations: 5)
        for round in 0..<3 {
            let store = try await StoreKind.postgres.makeStoreWithTraceReader()
            for batch in random.batches(round == 0 ? events : random.shuffled(events), maxSize: round == 2 ? 1 : 9) {
                try await store.commit([batch])
            }
            try await ReadModelConformanceTests.checkTraceAggregates(store, traces: 12)
            guard round == 0 else { continue }
            let query = TraceListQuery(projectId: "p", order: TraceOrder(field: .totalCost, direction: .descending), page: PageRequest(page: 1, limit: 100))
            let before = try await store.traces(query).items
            _ = try await store.rebuild()
            let after = try await store.traces(query).items
            #expect(after.map(\.trace.id) == before.map(\.trace.id))
            #expect(zip(after, before).allSatisfy { aggregatesMatch($0.aggregates, $1.aggregates) && $0.observationIds == $1.observationIds })
            try await ReadModelConformanceTests.checkTraceAggregates(store, traces: 12)
            #expect(try await store.deleteTraces(projectId: "p", ids: ["p-t0", "p-t1"]) == 2)
            #expect(try await store.traceAggregates(projectId: "p", traceId: "p-t0") == nil)
            #expect(try await store.traces(TraceListQuery(projectId: "p")).totalItems == 10)
            try await ReadModelConformanceTests.checkTraceAggregates(store, traces: 12)
        }
    }

    /// An observation that moves to another trace leaves the first trace's aggregates.
    @Test func anObservationMovedToAnotherTraceMovesItsAggregates() async throws {
        let store = try await StoreKind.postgres.makeStoreWithTraceReader()
        try await store.commit([F.batch("p", F.sdkTrace("t1") + F.sdkTrace("t2"))])
        try await store.commit([F.batch("p", [F.event("span-update", id: "move", at: "2026-11-25T09:00:02.000Z", body: """
            {"id":"t1-evt","traceId":"t2"}
            """)])])
        for traceId in ["t1", "t2"] {
            let observations = try await store.observations(projectId: "p", traceId: traceId)
            let aggregates = try #require(try await store.traceAggregates(projectId: "p", traceId: traceId))
            #expect(aggregatesMatch(aggregates, expectedAggregates(observations)), "\(traceId): \(aggregates)")
        }
    }

    @Test(arguments: StoreKind.withTraceReader)
    func aCountLimitStopsTheCountButNotThePages(kind: StoreKind) async throws {
        let store = try await kind.makeStoreWithTraceReader()
        var random = RandomTraces(seed: 3)
        try await store.commit([F.batch("p", random.events(traces: 5, observations: 1))])
        // A condition, so that SQLite counts rather than reads its project counter.
        let everything = FilterCondition<TraceColumn>(column: .timestamp, type: .datetime, operator: .greaterThanOrEqual, value: .time(0))
        var query = TraceListQuery(projectId: "p", conditions: [everything], page: PageRequest(page: 1, limit: 2))
        query.countLimit = 2
        #expect(try await store.traces(query).totalItems == 3, "more than the limit")
        query.page = PageRequest(page: 3, limit: 2)
        #expect(try await store.traces(query).items.map(\.trace.id) == ["p-t0"])
        query.countLimit = 5
        #expect(try await store.traces(query).totalItems == 5, "within the limit, exact")
    }

    /// Every filter column and sort field gives PostgreSQL's list the SQLite store's ids, totals
    /// and aggregates, on the same events.
    @Test func everyFilterAndSortAnswersAsTheSQLiteStoreDoes() async throws {
        var random = RandomTraces(seed: 21)
        let events = random.events(traces: 14, observations: 3) + F.sdkTrace("x1") + [
            F.event("score-create", id: "mood", at: "2026-11-25T09:00:02.000Z", body: """
                {"id":"mood","traceId":"p-t1","name":"mood","value":"happy","dataType":"CATEGORICAL"}
                """),
            F.event("score-create", id: "ok", at: "2026-11-25T09:00:02.000Z", body: """
                {"id":"ok","traceId":"p-t2","name":"ok","value":1,"dataType":"BOOLEAN"}
                """),
            F.event("trace-create", id: "bare", at: "2026-11-25T09:00:02.000Z", body: """
                {"id":"bare","timestamp":"2026-11-25T09:00:02.000Z","release":"r1","version":"v1","environment":"staging"}
                """),
        ]
        let sqlite = try await StoreKind.sqlite.makeStoreWithTraceReader()
        let postgres = try await StoreKind.postgres.makeStoreWithTraceReader()
        for store in [sqlite, postgres] {
            try await store.commit(random.batches(events, maxSize: 7))
        }
        // Each condition newest first; every sort, both ways, unfiltered.
        let orders = TraceSortField.allCases.flatMap { field in
            [SortDirection.ascending, .descending].map { TraceOrder(field: field, direction: $0) }
        }
        let queries = Self.conditions.map { (conditions: [$0], order: TraceOrder.newestFirst) } + orders.map { (conditions: [], order: $0) }
        var totals: Set<Int> = []
        for (conditions, order) in queries {
            let query = TraceListQuery(projectId: "p", conditions: conditions, order: order, page: PageRequest(page: 1, limit: 100))
            let expected = try await sqlite.traces(query)
            let actual = try await postgres.traces(query)
            totals.insert(expected.totalItems)
            let label = "\(conditions.first.map { "\($0.column) \($0.operator) \($0.value)" } ?? "no filter") by \(order.field) \(order.direction)"
            #expect(actual.totalItems == expected.totalItems, "\(label)")
            #expect(actual.items.map(\.trace.id) == expected.items.map(\.trace.id), "\(label)")
            #expect(zip(actual.items, expected.items).allSatisfy {
                $0.trace == $1.trace && aggregatesMatch($0.aggregates, $1.aggregates)
                    && $0.observationIds == $1.observationIds && $0.scoreIds == $1.scoreIds
            }, "\(label): rows, aggregates and child ids")
        }
        #expect(totals.count > 10, "the conditions select different traces: \(totals.sorted())")
        let activity = try await postgres.userActivity(projectId: "p", userIds: ["u0", "u1", "u2", "u3", "u1", "nobody"])
        #expect(activity == (try await sqlite.userActivity(projectId: "p", userIds: ["u0", "u1", "u2", "u3", "nobody"])))
        #expect(activity.count == 4)
    }

    static let conditions: [FilterCondition<TraceColumn>] = [
        FilterCondition(column: .id, type: .string, operator: .contains, value: .string("t1")),
        FilterCondition(column: .name, type: .string, operator: .startsWith, value: .string("renamed")),
        FilterCondition(column: .name, type: .string, operator: .endsWith, value: .string("0")),
        FilterCondition(column: .name, type: .string, operator: .doesNotContain, value: .string("1")),
        FilterCondition(column: .name, type: .null, operator: .isNull, value: .none),
        FilterCondition(column: .timestamp, type: .datetime, operator: .greaterThanOrEqual, value: .time(1_795_600_300_000)),
        FilterCondition(column: .userId, type: .stringOptions, operator: .anyOf, value: .strings(["u1", "u2"])),
        FilterCondition(column: .sessionId, type: .stringOptions, operator: .noneOf, value: .strings(["s1"])),
        FilterCondition(column: .environment, type: .stringOptions, operator: .anyOf, value: .strings(["staging"])),
        FilterCondition(column: .version, type: .null, operator: .isNotNull, value: .none),
        FilterCondition(column: .release, type: .string, operator: .equals, value: .string("r1")),
        FilterCondition(column: .bookmarked, type: .boolean, operator: .equals, value: .bool(false)),
        FilterCondition(column: .tags, type: .arrayOptions, operator: .anyOf, value: .strings(["a1", "b0"])),
        FilterCondition(column: .tags, type: .arrayOptions, operator: .allOf, value: .strings(["a0", "b1"])),
        FilterCondition(column: .tags, type: .arrayOptions, operator: .noneOf, value: .strings(["a2"])),
        FilterCondition(column: .tags, type: .arrayOptions, operator: .anyOf, value: .strings([])),
        FilterCondition(column: .tags, type: .null, operator: .isNull, value: .none),
        FilterCondition(column: .metadata, type: .stringObject, operator: .equals, value: .string("v1"), key: "k"),
        FilterCondition(column: .metadata, type: .stringObject, operator: .equals, value: .string("2"), key: "j"),
        FilterCondition(column: .metadata, type: .stringObject, operator: .contains, value: .string("v"), key: "k"),
        FilterCondition(column: .metadata, type: .stringObject, operator: .doesNotContain, value: .string("1"), key: "k"),
        FilterCondition(column: .metadata, type: .null, operator: .isNull, value: .none, key: "a"),
        FilterCondition(column: .latency, type: .number, operator: .greaterThan, value: .number(6)),
        FilterCondition(column: .inputTokens, type: .number, operator: .greaterThanOrEqual, value: .number(700)),
        FilterCondition(column: .outputTokens, type: .number, operator: .lessThan, value: .number(400)),
        FilterCondition(column: .totalTokens, type: .number, operator: .greaterThan, value: .number(0)),
        FilterCondition(column: .inputCost, type: .number, operator: .greaterThan, value: .number(0.012)),
        FilterCondition(column: .outputCost, type: .number, operator: .lessThanOrEqual, value: .number(0.001)),
        FilterCondition(column: .totalCost, type: .number, operator: .equals, value: .number(0.003)),
        FilterCondition(column: .level, type: .stringOptions, operator: .anyOf, value: .strings(["ERROR"])),
        FilterCondition(column: .level, type: .stringOptions, operator: .noneOf, value: .strings(["ERROR", "WARNING"])),
        FilterCondition(column: .warningCount, type: .number, operator: .greaterThanOrEqual, value: .number(1)),
        FilterCondition(column: .errorCount, type: .number, operator: .equals, value: .number(0)),
        FilterCondition(column: .defaultCount, type: .number, operator: .greaterThan, value: .number(1)),
        FilterCondition(column: .debugCount, type: .number, operator: .equals, value: .number(0)),
        FilterCondition(column: .scoresAverage, type: .numberObject, operator: .greaterThan, value: .number(0.5), key: "quality"),
        FilterCondition(column: .scoreCategories, type: .categoryOptions, operator: .anyOf, value: .strings(["happy"]), key: "mood"),
        FilterCondition(column: .scoreCategories, type: .categoryOptions, operator: .noneOf, value: .strings(["happy"]), key: "mood"),
        FilterCondition(column: .scoreBooleans, type: .booleanObject, operator: .equals, value: .bool(true), key: "ok"),
        FilterCondition(column: .scoreBooleans, type: .booleanObject, operator: .notEquals, value: .bool(true), key: "ok"),
    ]
}
