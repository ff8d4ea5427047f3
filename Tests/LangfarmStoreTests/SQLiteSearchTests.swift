import Foundation
import GRDB
import LangfarmCore
import Testing
@testable import LangfarmStore

/// Content search on the SQLite store: the backlog, the background indexer, the candidate
/// narrowing and the row checks, through commits as ingestion makes them.
@Suite struct SQLiteSearchTests {
    typealias F = Fixtures

    static func store() async throws -> SQLiteStore {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("langfarm-search-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try await SQLiteStore.open(path: directory.appendingPathComponent("langfarm.sqlite").path)
    }

    /// A trace with one generation, whose output (and metadata) are `output` (and `metadata`).
    static func trace(_ id: String, output: JSONValue, metadata: JSONValue = [:], input: JSONValue = "what is new?", at second: Int = 0) -> [NormalisedEvent] {
        let time = "2026-11-25T09:00:\(String(format: "%02d", second)).000Z"
        return [
            F.event("trace-create", id: "\(id)-trace-\(second)", at: time, body: #"{"id":"\#(id)","name":"chat","input":\#(input.jsonText)}"#),
            F.event("generation-create", id: "\(id)-gen-\(second)", at: time, body: """
                {"id":"\(id)-gen","traceId":"\(id)","name":"llm","startTime":"\(time)","output":\(output.jsonText),"metadata":\(metadata.jsonText)}
                """),
        ]
    }

    static func commit(_ store: SQLiteStore, _ events: [NormalisedEvent], project: String = "p") async throws {
        try await store.commit([F.batch(project, events)])
    }

    /// Indexes everything in the backlog, however recent.
    @discardableResult
    static func indexAll(_ store: SQLiteStore) async throws -> SearchIndexingRound {
        var total = SearchIndexingRound(traces: 0, documentsChanged: 0)
        while true {
            let round = try await store.indexSettledTraces(quietFor: .zero, limit: 2)
            total.traces += round.traces
            total.documentsChanged += round.documentsChanged
            if round.traces < 2 { return total }
        }
    }

    /// Ids of the observations of `project` whose `field` matches `query`.
    static func observations(
        _ store: SQLiteStore, _ project: String = "p", field: SearchField = .output, matching query: String,
        candidateLimit: Int = SQLiteSearchCandidates.listLimit
    ) async throws -> Set<String> {
        try await store.pool.read { db in
            let condition = try SQLiteSearch.matches(
                field, of: .observations(alias: "o"), query: SearchQuery(query), projectId: project, candidateLimit: candidateLimit, in: db
            )
            return Set(try String.fetchAll(
                db, sql: "SELECT o.id FROM observations o WHERE o.project_id = ? AND \(condition.sql) ORDER BY o.start_time DESC",
                arguments: [project] + condition.statementArguments
            ))
        }
    }

    /// The traces a search narrows down to, before any row is checked; nil when it would not narrow.
    static func candidates(_ store: SQLiteStore, _ project: String = "p", for query: String) async throws -> Set<String>? {
        try await store.pool.read { db in
            guard let restriction = try SQLiteSearchCandidates.restriction(
                of: .traces(alias: "t"), for: SearchQuery(query), projectId: project, limit: SQLiteSearchCandidates.listLimit, in: db
            ) else { return nil }
            return Set(try String.fetchAll(
                db, sql: "SELECT t.id FROM traces t WHERE t.project_id = ? AND \(restriction.sql)",
                arguments: [project] + restriction.statementArguments
            ))
        }
    }

    static func count(_ store: SQLiteStore, _ table: String) async throws -> Int {
        try await store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }

    @Test func aRareWordFindsExactlyItsRowsThroughTheIndex() async throws {
        let store = try await Self.store()
        try await Self.commit(store, Self.trace("t1", output: "the zanzibar report"))
        try await Self.commit(store, Self.trace("t2", output: "nothing to see", metadata: ["topic": "zanzibarian food"]))
        try await Self.commit(store, Self.trace("t3", output: ["answer": "Zanzibar!"]))
        #expect(try await Self.indexAll(store) == SearchIndexingRound(traces: 3, documentsChanged: 3))
        #expect(try await store.searchBacklog() == SearchBacklogStatus(traces: 0, oldestChange: nil))

        #expect(try await Self.candidates(store, for: "zanzibar") == ["t1", "t3"])
        #expect(try await Self.observations(store, matching: "zanzibar") == ["t1-gen", "t3-gen"])
        #expect(try await Self.observations(store, matching: "zanzibar report") == ["t1-gen"])
        #expect(try await Self.observations(store, matching: "report zanzibar") == [])
        #expect(try await Self.observations(store, field: .input, matching: "zanzibar") == [])
        #expect(try await Self.candidates(store, for: "zanzibarian food") == ["t2"])
        #expect(try await Self.observations(store, field: .metadata(key: "topic"), matching: "zanzibarian") == ["t2-gen"])
        #expect(try await Self.observations(store, field: .metadata(key: "topic"), matching: "Zanzibarian") == [])
        #expect(try await Self.observations(store, field: .metadata(key: "other"), matching: "zanzibarian") == [])
    }

    @Test func writesAreFoundBeforeTheyAreIndexed() async throws {
        let store = try await Self.store()
        try await Self.commit(store, Self.trace("t1", output: "a quokka smiles"))
        #expect(try await store.searchBacklog().traces == 1)
        #expect(try await Self.candidates(store, for: "quokka") == ["t1"])
        #expect(try await Self.observations(store, matching: "quokka") == ["t1-gen"])
    }

    @Test func aTraceChangedAfterIndexingIsFoundByItsNewWordsOnly() async throws {
        let store = try await Self.store()
        try await Self.commit(store, Self.trace("t1", output: "oldword here"))
        try await Self.commit(store, Self.trace("t2", output: "unrelated"))
        try await Self.indexAll(store)
        try await Self.commit(store, Self.trace("t1", output: "newword here", at: 5))

        #expect(try await Self.observations(store, matching: "newword") == ["t1-gen"], "the backlog covers the stale document")
        #expect(try await Self.observations(store, matching: "oldword") == [])
        #expect(try await Self.indexAll(store) == SearchIndexingRound(traces: 1, documentsChanged: 1))
        #expect(try await Self.candidates(store, for: "oldword") == [])
        #expect(try await Self.candidates(store, for: "newword") == ["t1"])
        #expect(try await Self.observations(store, matching: "newword") == ["t1-gen"])
    }

    @Test func aDocumentWhoseWordsDidNotChangeIsLeftAlone() async throws {
        let store = try await Self.store()
        try await Self.commit(store, Self.trace("t1", output: "steady words"))
        try await Self.indexAll(store)
        let update = F.event("generation-update", id: "t1-end", at: "2026-11-25T09:00:09.000Z", body: #"{"id":"t1-gen","traceId":"t1","endTime":"2026-11-25T09:00:09.000Z"}"#)
        try await Self.commit(store, [update])
        #expect(try await Self.indexAll(store) == SearchIndexingRound(traces: 1, documentsChanged: 0))
        #expect(try await Self.candidates(store, for: "steady") == ["t1"])
    }

    @Test func aTraceThatLosesItsWordsLosesItsDocument() async throws {
        let store = try await Self.store()
        try await Self.commit(store, Self.trace("t1", output: "ephemeral", input: .null))
        try await Self.indexAll(store)
        #expect(try await Self.count(store, "search_documents") == 1)
        let update = F.event("generation-update", id: "t1-clear", at: "2026-11-25T09:00:09.000Z", body: #"{"id":"t1-gen","traceId":"t1","output":{}}"#)
        try await Self.commit(store, [update])
        #expect(try await Self.indexAll(store) == SearchIndexingRound(traces: 1, documentsChanged: 1))
        #expect(try await Self.count(store, "search_documents") == 0)
        #expect(try await Self.count(store, "search_index") == 0)
        #expect(try await Self.candidates(store, for: "ephemeral") == [])
    }

    @Test func aDeletedTraceIsNeverFoundAndItsDocumentIsGone() async throws {
        let store = try await Self.store()
        try await Self.commit(store, Self.trace("t1", output: "secret platypus"))
        try await Self.commit(store, Self.trace("t2", output: "public platypus"))
        try await Self.indexAll(store)
        _ = try await store.deleteTraces(projectId: "p", ids: ["t1"])

        #expect(try await Self.observations(store, matching: "platypus") == ["t2-gen"])
        #expect(try await Self.candidates(store, for: "secret") == [])
        #expect(try await Self.count(store, "search_documents") == 1)
        #expect(try await Self.count(store, "search_index") == 1)
        #expect(try await store.pool.read { db in try String.fetchAll(db, sql: "SELECT words FROM search_index") } == ["what is new public platypus"])
    }

    /// The indexer reads a claimed trace outside the write lock; a write or a deletion in
    /// between must keep the document it built from being stored.
    @Test func aClaimedTraceThatChangesOrIsDeletedIsNotStored() async throws {
        let store = try await Self.store()
        try await Self.commit(store, Self.trace("t1", output: "first"))
        try await Self.commit(store, Self.trace("t2", output: "second"))
        try await Self.commit(store, Self.trace("t3", output: "third"))
        let claimed = try await store.claimSettledTraces(quietFor: .zero, limit: 10)
        #expect(Set(claimed.map(\.traceId)) == ["t1", "t2", "t3"])
        let documents = try await store.searchDocuments(of: claimed)
        try await Self.commit(store, Self.trace("t1", output: "changed", at: 7))
        _ = try await store.deleteTraces(projectId: "p", ids: ["t2"])

        #expect(try await store.storeSearchDocuments(documents) == 1)
        #expect(try await store.pool.read { db in try String.fetchAll(db, sql: "SELECT trace_id FROM search_documents") } == ["t3"])
        #expect(try await store.searchBacklog().traces == 1, "t1 waits with its new words")
        #expect(try await Self.indexAll(store) == SearchIndexingRound(traces: 1, documentsChanged: 1))
        #expect(try await Self.candidates(store, for: "changed") == ["t1"])
        #expect(try await Self.candidates(store, for: "first") == [])
        #expect(try await Self.candidates(store, for: "second") == [])
    }

    /// Traces claimed by an indexer that stopped before storing them (a crash) are indexed
    /// by the next round, first.
    @Test func claimedTracesLeftBehindAreIndexedFirst() async throws {
        let store = try await Self.store()
        try await Self.commit(store, Self.trace("t1", output: "orphan"))
        _ = try await store.claimSettledTraces(quietFor: .zero, limit: 10)
        try await Self.commit(store, Self.trace("t2", output: "newer"))
        #expect(try await Self.candidates(store, for: "orphan") == ["t1", "t2"], "a claimed trace is still a candidate")
        #expect(try await store.indexSettledTraces(quietFor: .seconds(60), limit: 1) == SearchIndexingRound(traces: 1, documentsChanged: 1))
        #expect(try await store.pool.read { db in try String.fetchAll(db, sql: "SELECT trace_id FROM search_backlog") } == ["t2"])
    }

    @Test func onlySettledTracesAreIndexed() async throws {
        let store = try await Self.store()
        try await Self.commit(store, Self.trace("t1", output: "busy"))
        #expect(try await store.indexSettledTraces(quietFor: .seconds(60), limit: 10) == SearchIndexingRound(traces: 0, documentsChanged: 0))
        #expect(try await store.searchBacklog().traces == 1)
        #expect(try await store.indexSettledTraces(quietFor: .zero, limit: 10) == SearchIndexingRound(traces: 1, documentsChanged: 1))
    }

    @Test func projectsNeverFindEachOthersTraces() async throws {
        let store = try await Self.store()
        try await Self.commit(store, Self.trace("t1", output: "wombat in project a"), project: "a")
        try await Self.commit(store, Self.trace("t1", output: "koala in project b"), project: "b")
        #expect(try await Self.candidates(store, "b", for: "wombat") == ["t1"], "before indexing, the backlog of b holds its own t1")
        try await Self.indexAll(store)
        #expect(try await Self.candidates(store, "b", for: "wombat") == [])
        #expect(try await Self.candidates(store, "a", for: "wombat") == ["t1"])
        #expect(try await Self.observations(store, "b", matching: "wombat") == [])
        #expect(try await Self.observations(store, "a", matching: "wombat") == ["t1-gen"])
    }

    @Test func escapedTextAndUnspacedScriptsAreFoundThroughTheIndex() async throws {
        let store = try await Self.store()
        // The client JSON-encoded the arguments itself, as Python's json.dumps does.
        try await Self.commit(store, Self.trace("t1", output: #"{"city": "\u6771\u4eac", "note": "line1\nline2"}"#))
        try await Self.commit(store, Self.trace("t2", output: "東京タワーに行く"))
        try await Self.commit(store, Self.trace("t3", output: "京都"))
        try await Self.indexAll(store)
        #expect(try await Self.candidates(store, for: "東京") == ["t1", "t2"])
        #expect(try await Self.observations(store, matching: "東京") == ["t1-gen", "t2-gen"])
        #expect(try await Self.observations(store, matching: "タワー") == ["t2-gen"])
        #expect(try await Self.observations(store, matching: "line2") == ["t1-gen"])
        #expect(try await Self.observations(store, matching: "京") == ["t1-gen", "t2-gen", "t3-gen"])
    }

    @Test func checkingEveryRowFindsWhatTheNarrowingFinds() async throws {
        let store = try await Self.store()
        for (index, text) in ["common words", "common and rare", "more common words", "nothing"].enumerated() {
            try await Self.commit(store, Self.trace("t\(index)", output: .string(text)))
        }
        try await Self.indexAll(store)
        try await Self.commit(store, Self.trace("t9", output: "common again"))
        for query in ["common", "rare", "common words", "words common", "nothing"] {
            let narrowed = try await Self.observations(store, matching: query)
            let checked = try await Self.observations(store, matching: query, candidateLimit: 1)
            #expect(narrowed == checked, "\(query)")
        }
        #expect(try await Self.observations(store, matching: "common", candidateLimit: 1) == ["t0-gen", "t1-gen", "t2-gen", "t9-gen"])
    }

    @Test func theSearchBoxFindsIdsNamesUsersAndContent() async throws {
        let store = try await Self.store()
        try await Self.commit(store, [F.event("trace-create", id: "e1", at: "2026-11-25T09:00:00.000Z", body: #"{"id":"Alpha-1","name":"Checkout","userId":"Ünal","sessionId":"sess-42","input":"buy a kayak"}"#)])
        try await Self.commit(store, [F.event("trace-create", id: "e2", at: "2026-11-25T09:00:00.000Z", body: #"{"id":"beta-2","name":"search","output":{"hits":["Kayak rental"]}}"#)])
        func found(_ text: String, _ scope: TraceSearchScope) async throws -> Set<String> {
            try await store.pool.read { db in
                let condition = try SQLiteSearch.traces(TraceSearch(text: text, scope: scope), projectId: "p", in: db)
                return Set(try String.fetchAll(db, sql: "SELECT t.id FROM traces t WHERE t.project_id = 'p' AND \(condition.sql)", arguments: condition.statementArguments))
            }
        }
        #expect(try await found("alpha", .ids) == ["Alpha-1"])
        #expect(try await found("CHECK", .ids) == ["Alpha-1"])
        #expect(try await found("ünal", .ids) == ["Alpha-1"])
        #expect(try await found("SESS-4", .ids) == ["Alpha-1"])
        #expect(try await found("kayak", .ids) == [])
        #expect(try await found("kayak", .content) == ["Alpha-1", "beta-2"])
        #expect(try await found("kayak", .input) == ["Alpha-1"])
        try await Self.indexAll(store)
        #expect(try await found("kayak", .output) == ["beta-2"])
        #expect(try await found("kay", .content) == [])
        #expect(try await found("beta", [.ids, .content]) == ["beta-2"])
        #expect(try await found("", .ids) == ["Alpha-1", "beta-2"])
    }

    @Test func aRebuildRefillsTheBacklog() async throws {
        let store = try await Self.store()
        try await Self.commit(store, Self.trace("t1", output: "durable narwhal"))
        try await Self.indexAll(store)
        _ = try await store.rebuild()
        #expect(try await store.searchBacklog().traces == 1)
        #expect(try await Self.observations(store, matching: "narwhal") == ["t1-gen"])
        try await Self.indexAll(store)
        #expect(try await Self.candidates(store, for: "narwhal") == ["t1"])
    }
}
