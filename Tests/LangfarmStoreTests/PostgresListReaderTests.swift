import Foundation
import LangfarmCore
@testable import LangfarmPostgres
import LangfarmStore
import PostgresNIO
import Testing
import TestSupport

/// PostgreSQL's lists against the SQLite store's: the same events must give the same answer to
/// every filter and sort, which the conformance suites check only a few of; and what
/// the PostgreSQL store keeps differently (aggregates refreshed per touched trace, counts
/// without counters) holds.
@Suite struct PostgresListReaderTests {
    typealias F = Fixtures

    /// An observation that moves to another trace leaves the first trace's aggregates.
    @Test func anObservationMovedToAnotherTraceMovesItsAggregates() async throws {
        let store = try await StoreKind.postgres.makeStore().store
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

    /// Migration V3 fills what it adds (observation costs, trace aggregates, sessions) from the
    /// rows of a database that V2 wrote: after undoing V3 (and what came after) and migrating again, the lists read
    /// as they did.
    @Test func migrationV3FillsTheReadModelFromTheRows() async throws {
        let url = try await PostgresServer.freshDatabaseURL()
        let store = try await PostgresStore.connect(url: url, logger: StoreKind.quietLogger)
        var random = RandomTraces(seed: 31)
        try await store.commit(random.batches(random.events(traces: 8, observations: 3), maxSize: 5))
        let traces = TraceListQuery(projectId: "p", page: PageRequest(page: 1, limit: 100))
        let sessions = SessionListQuery(projectId: "p", page: PageRequest(page: 1, limit: 100))
        let before = try await store.traces(traces).items
        let sessionsBefore = try await store.sessions(sessions).items
        #expect(before.contains { $0.aggregates.totalCost > 0 } && !sessionsBefore.isEmpty)
        for statement in [
            "DROP TABLE trace_aggregates", "DROP TABLE sessions", "DROP INDEX traces_by_tag",
            "ALTER TABLE observations DROP COLUMN input_cost, DROP COLUMN output_cost",
            // The later migrations are undone too, so that V3 runs again before them.
            "ALTER TABLE projects DROP COLUMN retention_days", "DROP TABLE fold_states",
            "DELETE FROM langfarm_schema_version WHERE version >= 3",
        ] {
            try await store.rows(PostgresQuery(unsafeSQL: statement))
        }
        await store.shutdown()
        let migrated = try await PostgresStore.connect(url: url, logger: StoreKind.quietLogger)
        let after = try await migrated.traces(traces).items
        #expect(after.map(\.trace) == before.map(\.trace))
        #expect(zip(after, before).allSatisfy { aggregatesMatch($0.aggregates, $1.aggregates) }, "aggregates, costs included")
        #expect(try await migrated.sessions(sessions).items == sessionsBefore)
        await migrated.shutdown()
    }

    /// PostgreSQL text cannot hold U+0000: a `\u0000` a client sent in metadata or input must
    /// not make the filters that read those fields fail.
    @Test func aNulInMetadataOrInputDoesNotBreakFilters() async throws {
        let store = try await StoreKind.postgres.makeStore().store
        let time = "2026-11-25T09:00:00.000Z"
        try await store.commit([F.batch("p", [
            F.event("trace-create", id: "nul", at: time, body: #"{"id":"nul","metadata":{"k":"a\u0000b"},"input":"x\u0000y"}"#),
            F.event("trace-create", id: "plain", at: time, body: #"{"id":"plain","metadata":{"k":"ab"},"input":"xy"}"#),
            F.event("span-create", id: "nul-o", at: time, body: #"{"id":"nul-o","traceId":"nul","startTime":"\#(time)","input":"x\u0000y","metadata":{"k":"a\u0000b"}}"#),
            F.event("span-create", id: "plain-o", at: time, body: #"{"id":"plain-o","traceId":"plain","startTime":"\#(time)","input":"xy","metadata":{"k":"ab"}}"#),
        ])])
        let traces = try await store.traces(TraceListQuery(projectId: "p", conditions: [
            FilterCondition(column: .metadata, type: .stringObject, operator: .equals, value: .string("ab"), key: "k"),
        ]))
        #expect(traces.items.map(\.trace.id) == ["plain"])
        for condition in [
            FilterCondition<ObservationColumn>(column: .input, type: .string, operator: .equals, value: .string("xy")),
            FilterCondition(column: .metadata, type: .stringObject, operator: .equals, value: .string("ab"), key: "k"),
        ] {
            let observations = try await store.observations(ObservationListQuery(projectId: "p", conditions: [condition], paging: .cursor(after: nil, limit: 10)))
            #expect(observations.items.map(\.observation.id) == ["plain-o"], "\(condition.column)")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aCountLimitStopsTheCountOfAFilterWithoutASearch(kind: StoreKind) async throws {
        let store = try await kind.makeStore().store
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

    /// The same events in both stores: random traces, an SDK trace, scores of three types, a
    /// trace with no name, user or tags, and an observation whose trace has no row.
    static func storesWithTheSameEvents() async throws -> (sqlite: any Store, postgres: any Store) {
        var random = RandomTraces(seed: 21)
        let scores = (0..<14).map { index in
            F.event("score-create", id: "score\(index)", at: "2026-11-25T09:00:02.000Z", body: """
                {"id":"score\(index)","traceId":"p-t\(index)","name":"quality","value":\(Double(index % 4) / 3)}
                """)
        }
        let events = random.events(traces: 14, observations: 3) + F.sdkTrace("x1") + scores + [
            F.event("score-create", id: "mood", at: "2026-11-25T09:00:02.000Z", body: """
                {"id":"mood","traceId":"p-t1","name":"mood","value":"happy","dataType":"CATEGORICAL"}
                """),
            F.event("score-create", id: "ok", at: "2026-11-25T09:00:02.000Z", body: """
                {"id":"ok","traceId":"p-t2","name":"ok","value":1,"dataType":"BOOLEAN"}
                """),
            F.event("trace-create", id: "bare", at: "2026-11-25T09:00:02.000Z", body: """
                {"id":"bare","timestamp":"2026-11-25T09:00:02.000Z","release":"r1","version":"v1","environment":"staging"}
                """),
            F.event("span-create", id: "orphan", at: "2026-11-25T09:00:02.000Z", body: """
                {"id":"orphan","traceId":"ghost","name":"lost","startTime":"2026-11-25T09:00:02.000Z","metadata":{"source":"x"}}
                """),
        ]
        let sqlite = try await StoreKind.sqlite.makeStore().store
        let postgres = try await StoreKind.postgres.makeStore().store
        for store in [sqlite, postgres] {
            try await store.commit(random.batches(events, maxSize: 7))
        }
        return (sqlite, postgres)
    }

    /// Every filter column and sort field gives PostgreSQL's trace list the SQLite store's ids,
    /// totals and aggregates.
    @Test func everyTraceFilterAndSortAnswersAsTheSQLiteStoreDoes() async throws {
        let (sqlite, postgres) = try await Self.storesWithTheSameEvents()
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

    /// Every observation filter column gives PostgreSQL's observation list the SQLite store's
    /// items, on offset pages (with the total) and cursor pages.
    @Test func everyObservationFilterAnswersAsTheSQLiteStoreDoes() async throws {
        let (sqlite, postgres) = try await Self.storesWithTheSameEvents()
        var totals: Set<Int> = []
        for condition in Self.observationConditions + [nil] {
            let label = condition.map { "\($0.column) \($0.operator) \($0.value)" } ?? "no filter"
            for paging in [ListPaging.offset(PageRequest(page: 1, limit: 100)), .cursor(after: nil, limit: 7)] {
                let query = ObservationListQuery(projectId: "p", conditions: condition.map { [$0] } ?? [], paging: paging)
                let expected = try await sqlite.observations(query)
                let actual = try await postgres.observations(query)
                #expect(actual.items.map(\.observation.id) == expected.items.map(\.observation.id), "\(label) \(paging)")
                #expect(actual.items == expected.items && actual.totalItems == expected.totalItems && actual.next == expected.next, "\(label) \(paging)")
                if let total = expected.totalItems { totals.insert(total) }
            }
        }
        #expect(totals.count > 10, "the conditions select different observations: \(totals.sorted())")
    }

    /// Every score filter column gives PostgreSQL's score list the SQLite store's items.
    @Test func everyScoreFilterAnswersAsTheSQLiteStoreDoes() async throws {
        let (sqlite, postgres) = try await Self.storesWithTheSameEvents()
        var totals: Set<Int> = []
        for condition in Self.scoreConditions + [nil] {
            let label = condition.map { "\($0.column) \($0.operator) \($0.value)" } ?? "no filter"
            for scope in [ScoreScope.all, .traceScoresOfClassicTypes] {
                let query = ScoreListQuery(
                    projectId: "p", conditions: condition.map { [$0] } ?? [], scope: scope, paging: .offset(PageRequest(page: 1, limit: 100))
                )
                let expected = try await sqlite.scores(query)
                let actual = try await postgres.scores(query)
                #expect(actual.items.map(\.score.id) == expected.items.map(\.score.id), "\(label) \(scope)")
                #expect(actual.items == expected.items && actual.totalItems == expected.totalItems, "\(label) \(scope)")
                totals.insert(expected.totalItems ?? 0)
            }
        }
        #expect(totals.count > 5, "the conditions select different scores: \(totals.sorted())")
    }

    static let observationConditions: [FilterCondition<ObservationColumn>] = [
        FilterCondition(column: .id, type: .string, operator: .contains, value: .string("o1")),
        FilterCondition(column: .type, type: .stringOptions, operator: .anyOf, value: .strings(["SPAN", "EVENT"])),
        FilterCondition(column: .name, type: .string, operator: .equals, value: .string("g1")),
        FilterCondition(column: .traceId, type: .string, operator: .startsWith, value: .string("p-t1")),
        FilterCondition(column: .parentObservationId, type: .null, operator: .isNotNull, value: .none),
        FilterCondition(column: .startTime, type: .datetime, operator: .greaterThanOrEqual, value: .time(1_795_600_300_000)),
        FilterCondition(column: .endTime, type: .null, operator: .isNull, value: .none),
        FilterCondition(column: .level, type: .stringOptions, operator: .anyOf, value: .strings(["ERROR", "WARNING"])),
        FilterCondition(column: .latency, type: .number, operator: .greaterThan, value: .number(4)),
        FilterCondition(column: .tokensPerSecond, type: .number, operator: .greaterThan, value: .number(100)),
        FilterCondition(column: .inputTokens, type: .number, operator: .greaterThanOrEqual, value: .number(250)),
        FilterCondition(column: .outputTokens, type: .number, operator: .lessThan, value: .number(100)),
        FilterCondition(column: .totalTokens, type: .number, operator: .greaterThan, value: .number(0)),
        FilterCondition(column: .inputCost, type: .number, operator: .greaterThan, value: .number(0.004)),
        FilterCondition(column: .outputCost, type: .number, operator: .lessThanOrEqual, value: .number(0.0003)),
        FilterCondition(column: .totalCost, type: .number, operator: .greaterThan, value: .number(0.005)),
        FilterCondition(column: .model, type: .string, operator: .equals, value: .string("m1")),
        FilterCondition(column: .promptName, type: .null, operator: .isNull, value: .none),
        FilterCondition(column: .metadata, type: .stringObject, operator: .equals, value: .string("x"), key: "source"),
        FilterCondition(column: .input, type: .string, operator: .contains, value: .string("hi")),
        FilterCondition(column: .output, type: .string, operator: .equals, value: .string("hello")),
        FilterCondition(column: .isRootObservation, type: .boolean, operator: .equals, value: .bool(true)),
        FilterCondition(column: .userId, type: .string, operator: .equals, value: .string("u1")),
        FilterCondition(column: .sessionId, type: .null, operator: .isNull, value: .none),
        FilterCondition(column: .traceName, type: .string, operator: .startsWith, value: .string("renamed")),
        FilterCondition(column: .release, type: .null, operator: .isNull, value: .none),
        FilterCondition(column: .traceEnvironment, type: .stringOptions, operator: .noneOf, value: .strings(["staging"])),
        FilterCondition(column: .traceTags, type: .arrayOptions, operator: .anyOf, value: .strings(["a1"])),
        FilterCondition(column: .traceTags, type: .arrayOptions, operator: .noneOf, value: .strings(["a1"])),
        FilterCondition(column: .traceTags, type: .null, operator: .isNull, value: .none),
    ]

    static let scoreConditions: [FilterCondition<ScoreColumn>] = [
        FilterCondition(column: .value, type: .number, operator: .greaterThanOrEqual, value: .number(0.5)),
        FilterCondition(column: .name, type: .stringOptions, operator: .anyOf, value: .strings(["mood", "ok"])),
        FilterCondition(column: .dataType, type: .stringOptions, operator: .anyOf, value: .strings(["BOOLEAN"])),
        FilterCondition(column: .stringValue, type: .string, operator: .equals, value: .string("happy")),
        FilterCondition(column: .traceId, type: .string, operator: .startsWith, value: .string("p-t1")),
        FilterCondition(column: .userId, type: .string, operator: .equals, value: .string("u2")),
        FilterCondition(column: .traceTags, type: .arrayOptions, operator: .anyOf, value: .strings(["a0"])),
        FilterCondition(column: .traceTags, type: .arrayOptions, operator: .noneOf, value: .strings(["a0"])),
        FilterCondition(column: .authorUserId, type: .null, operator: .isNull, value: .none),
        FilterCondition(column: .timestamp, type: .datetime, operator: .lessThan, value: .time(1_795_600_000_000)),
        FilterCondition(column: .sessionId, type: .null, operator: .isNull, value: .none),
    ]

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
