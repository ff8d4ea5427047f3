import Foundation
import LangfarmCore
import LangfarmStore
import Testing

/// Every read query of the `Store` seam, on any store: filters, sorts, offset pages and cursors
/// across ties, scoped to the project. The HTTP suites test the endpoints on top; these pin the
/// store's answers so that another store (PostgreSQL) must give the same ones.
@Suite struct ReadQueryConformanceTests {
    typealias F = Fixtures

    /// `count` traces one second apart (or all at one time with `tied`), each with a generation
    /// and a score, in project `p`, and one trace in project `q` sharing every name and id.
    func seeded(_ kind: StoreKind, count: Int, tied: Bool = false) async throws -> any Store {
        let store = try await kind.makeStore().store
        for project in ["p", "q"] {
            var events: [NormalisedEvent] = []
            for index in 0..<(project == "p" ? count : 1) {
                let time = ISO8601.format(1_795_600_000_000 + (tied ? 0 : EpochMillis(index) * 1_000))
                events += [
                    F.event("trace-create", id: "\(project)\(index)-t", at: time, body: """
                        {"id":"t\(index)","name":"n\(index % 2)","userId":"u\(index % 3)","timestamp":"\(time)","tags":["k\(index % 2)"]}
                        """),
                    F.event("generation-create", id: "\(project)\(index)-g", at: time, body: """
                        {"id":"g\(index)","traceId":"t\(index)","name":"llm","startTime":"\(time)","endTime":"\(time)","usage":{"input":\(index),"output":1}}
                        """),
                    F.event("score-create", id: "\(project)\(index)-s", at: time, body: """
                        {"id":"s\(index)","traceId":"t\(index)","name":"q","value":\(index % 4),"dataType":"NUMERIC"}
                        """),
                ]
            }
            try await store.commit([F.batch(project, events)])
        }
        return store
    }

    /// A count limit stops the count one past it, and every page past the limit still reads.
    @Test(arguments: StoreKind.allCases)
    func aCountLimitStopsTheCountButNotThePages(kind: StoreKind) async throws {
        let store = try await seeded(kind, count: 5)
        var query = TraceListQuery(projectId: "p", search: TraceSearch(text: "t", scope: .ids), page: PageRequest(page: 1, limit: 2))
        query.countLimit = 2
        #expect(try await store.traces(query).totalItems == 3, "more than the limit")
        query.page = PageRequest(page: 3, limit: 2)
        #expect(try await store.traces(query).items.map(\.trace.id) == ["t0"])
        query.countLimit = 5
        #expect(try await store.traces(query).totalItems == 5, "within the limit, exact")
        query.countLimit = nil
        query.page = PageRequest(page: 4, limit: 2)
        let past = try await store.traces(query)
        #expect(past.items.isEmpty && past.totalItems == 5, "without a limit, a page past the total reads nothing")
    }

    @Test(arguments: StoreKind.allCases)
    func traceListsFilterSortAndPageWithinTheProject(kind: StoreKind) async throws {
        let store = try await seeded(kind, count: 9)
        let newest = try await store.traces(TraceListQuery(projectId: "p", page: PageRequest(page: 1, limit: 4)))
        #expect(newest.totalItems == 9)
        #expect(newest.items.map(\.trace.id) == ["t8", "t7", "t6", "t5"])
        #expect(newest.items.first?.observationIds == ["g8"] && newest.items.first?.scoreIds == ["s8"])
        let third = try await store.traces(TraceListQuery(projectId: "p", page: PageRequest(page: 3, limit: 4)))
        #expect(third.items.map(\.trace.id) == ["t0"])
        let byUser = try await store.traces(TraceListQuery(
            projectId: "p", conditions: [FilterCondition(column: .userId, type: .string, operator: .equals, value: .string("u1"))],
            order: TraceOrder(field: .timestamp, direction: .ascending)
        ))
        #expect(byUser.items.map(\.trace.id) == ["t1", "t4", "t7"] && byUser.totalItems == 3)
        let tokens = try await store.traces(TraceListQuery(
            projectId: "p", conditions: [FilterCondition(column: .totalTokens, type: .number, operator: .greaterThan, value: .number(6))],
            order: TraceOrder(field: .totalTokens, direction: .descending)
        ))
        #expect(tokens.items.map(\.trace.id) == ["t8", "t7", "t6"])
        let tagged = try await store.traces(TraceListQuery(
            projectId: "p", conditions: [
                FilterCondition(column: .tags, type: .arrayOptions, operator: .anyOf, value: .strings(["k1"])),
                FilterCondition(column: .name, type: .stringOptions, operator: .anyOf, value: .strings(["n1"])),
            ]
        ))
        #expect(tagged.items.map(\.trace.id) == ["t7", "t5", "t3", "t1"])
        let other = try await store.traces(TraceListQuery(projectId: "q"))
        #expect(other.items.map(\.trace.id) == ["t0"] && other.totalItems == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func tiedTimestampsPageByIdWithoutRepeats(kind: StoreKind) async throws {
        let store = try await seeded(kind, count: 11, tied: true)
        var seen: [String] = []
        for page in 1...4 {
            seen += try await store.traces(TraceListQuery(projectId: "p", page: PageRequest(page: page, limit: 3))).items.map(\.trace.id)
        }
        #expect(seen == (0..<11).map { "t\($0)" }.sorted(by: >))
    }

    @Test(arguments: StoreKind.allCases)
    func observationCursorsWalkTiesExactlyOnce(kind: StoreKind) async throws {
        let store = try await seeded(kind, count: 13, tied: true)
        var seen: [String] = []
        var after: ListPosition?
        repeat {
            let page = try await store.observations(ObservationListQuery(projectId: "p", paging: .cursor(after: after, limit: 5)))
            seen += page.items.map(\.observation.id)
            after = page.next
            #expect(page.items.count == 5 || page.next == nil)
        } while after != nil
        #expect(seen == (0..<13).map { "g\($0)" }.sorted(by: >))
        let offset = try await store.observations(ObservationListQuery(projectId: "p", paging: .offset(PageRequest(page: 2, limit: 5))))
        #expect(offset.totalItems == 13 && offset.items.map(\.observation.id) == Array(seen[5..<10]))
        let exact = try await store.observations(ObservationListQuery(projectId: "q", paging: .cursor(after: nil, limit: 1)))
        #expect(exact.items.map(\.observation.id) == ["g0"] && exact.next == nil, "a full last page has no next position")
    }

    @Test(arguments: StoreKind.allCases)
    func observationFiltersUseTheTracesAttributes(kind: StoreKind) async throws {
        let store = try await seeded(kind, count: 6)
        let byUser = try await store.observations(ObservationListQuery(
            projectId: "p", conditions: [FilterCondition(column: .userId, type: .string, operator: .equals, value: .string("u2"))],
            paging: .cursor(after: nil, limit: 10)
        ))
        #expect(byUser.items.map(\.observation.id) == ["g5", "g2"])
        #expect(byUser.items.allSatisfy { $0.trace.userId == "u2" })
    }

    /// Content search through the seam (docs/SEARCH.md): `matches` on observations and the
    /// search box on traces find whole words, in any case, right after the commit (nothing
    /// indexed yet), and never in the other project, which holds the same words and ids.
    @Test(arguments: StoreKind.allCases)
    func contentSearchFindsWholeWordsWithinTheProject(kind: StoreKind) async throws {
        let store = try await kind.makeStore().store
        let time = ISO8601.format(1_795_600_000_000)
        for project in ["p", "q"] {
            try await store.commit([F.batch(project, [
                F.event("trace-create", id: "\(project)-t1", at: time, body: """
                    {"id":"t1","name":"chat","userId":"Alice","timestamp":"\(time)","input":{"question":"Where is the Needle?"}}
                    """),
                F.event("trace-create", id: "\(project)-t2", at: time, body: """
                    {"id":"t2","name":"other","timestamp":"\(time)","output":"foobarneedle"}
                    """),
                F.event("span-create", id: "\(project)-o1", at: time, body: """
                    {"id":"o1","traceId":"t1","name":"retrieve","startTime":"\(time)","output":"\\u4f60\\u597d needle","metadata":{"source":"needle API"}}
                    """),
                F.event("span-create", id: "\(project)-o2", at: time, body: """
                    {"id":"o2","traceId":"t2","name":"retrieve","startTime":"\(time)","output":"haystack","metadata":{"source":"Needle API"}}
                    """),
            ])])
        }
        func observations(_ column: ObservationColumn, _ type: FilterType, key: String? = nil, _ text: String) async throws -> [String] {
            try await store.observations(ObservationListQuery(
                projectId: "p", conditions: [FilterCondition(column: column, type: type, operator: .matches, value: .string(text), key: key)],
                paging: .cursor(after: nil, limit: 10)
            )).items.map(\.observation.id)
        }
        #expect(try await observations(.output, .string, "NEEDLE") == ["o1"])
        #expect(try await observations(.output, .string, "你好") == ["o1"])
        #expect(try await observations(.output, .string, "needl") == [])
        #expect(try await observations(.metadata, .stringObject, key: "source", "needle") == ["o1"])
        func traces(_ text: String, _ scope: TraceSearchScope) async throws -> [String] {
            try await store.traces(TraceListQuery(
                projectId: "p", search: TraceSearch(text: text, scope: scope), order: TraceOrder(field: .id, direction: .ascending)
            )).items.map(\.trace.id)
        }
        #expect(try await traces("needle", .content) == ["t1"])
        #expect(try await traces("needle", .output) == [])
        #expect(try await traces("ALI", .ids) == ["t1"])
        #expect(try await traces("t", .ids) == ["t1", "t2"])
        let counted = try await store.traces(TraceListQuery(projectId: "p", search: TraceSearch(text: "needle", scope: .input)))
        #expect(counted.totalItems == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func scoreListsPageAndFilter(kind: StoreKind) async throws {
        let store = try await seeded(kind, count: 7, tied: true)
        var seen: [String] = []
        var after: ListPosition?
        repeat {
            let page = try await store.scores(ScoreListQuery(projectId: "p", paging: .cursor(after: after, limit: 3)))
            seen += page.items.map(\.score.id)
            after = page.next
        } while after != nil
        #expect(seen == (0..<7).map { "s\($0)" }.sorted(by: >))
        let high = try await store.scores(ScoreListQuery(
            projectId: "p", conditions: [FilterCondition(column: .value, type: .number, operator: .greaterThanOrEqual, value: .number(2))],
            paging: .offset(PageRequest(page: 1, limit: 50))
        ))
        #expect(high.totalItems == 3 && Set(high.items.map(\.score.id)) == ["s2", "s3", "s6"])
        #expect(high.items.allSatisfy { $0.trace?.userId != nil })
        let other = try await store.scores(ScoreListQuery(projectId: "q", paging: .offset(PageRequest(page: 1, limit: 50))))
        #expect(other.items.map(\.score.id) == ["s0"])
    }

    @Test(arguments: StoreKind.allCases)
    func sessionsListNewestFirstWithinTheProject(kind: StoreKind) async throws {
        let store = try await kind.makeStore().store
        for (index, time) in [3_000, 1_000, 2_000].enumerated() {
            try await store.commit([F.batch("p", at: EpochMillis(time), [F.event("trace-create", id: "e\(index)", at: "2026-11-25T09:00:00Z", body: """
                {"id":"t\(index)","sessionId":"s\(index)","environment":"\(index == 1 ? "dev" : "prod")"}
                """)])])
        }
        let all = try await store.sessions(SessionListQuery(projectId: "p", page: PageRequest(page: 1, limit: 2)))
        #expect(all.totalItems == 3 && all.items.map(\.id) == ["s0", "s2"])
        let window = try await store.sessions(SessionListQuery(projectId: "p", from: 1_000, to: 3_000, environments: ["prod"], page: PageRequest(page: 1, limit: 10)))
        #expect(window.items.map(\.id) == ["s2"])
        #expect(try await store.sessions(SessionListQuery(projectId: "q", page: PageRequest(page: 1, limit: 10))).totalItems == 0)
    }
}
