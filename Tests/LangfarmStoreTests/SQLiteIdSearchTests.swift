import Foundation
import GRDB
import LangfarmCore
import Testing
@testable import LangfarmStore

/// The IDs / names search through its trigram index: it narrows to the traces whose folded id,
/// name, user or session may contain the text, finds exactly what checking every row finds,
/// and follows renames, deletions, the backlog and migration v12.
@Suite struct SQLiteIdSearchTests {
    typealias F = Fixtures

    static let traces: [(id: String, name: String?, user: String?, session: String?)] = [
        ("Alpha-1", "Checkout", "Ünal", "sess-42"),
        ("beta-2", "search", "user-0001", "sess-4"),
        ("gamma-3", nil, "user-00010", nil),
        ("delta-4", "ΚΕΙΜΕΝΑ report", "user-0002", "sess-420"),
        ("7f3c2a9e-1b4d-4e8a-9c1f-2d6b8a0e5f11", "chat", "USER-0001", "sess-4201"),
    ]

    static func commit(_ store: SQLiteStore, id: String, name: String?, user: String?, session: String?, second: Int = 0) async throws {
        var body: [String: JSONValue] = ["id": .string(id)]
        if let name { body["name"] = .string(name) }
        if let user { body["userId"] = .string(user) }
        if let session { body["sessionId"] = .string(session) }
        try await store.commit([F.batch("p", [
            F.event("trace-create", id: "\(id)-\(second)", at: "2026-11-25T09:00:\(String(format: "%02d", second)).000Z", body: JSONValue.object(body).jsonText),
        ])])
    }

    static func loaded() async throws -> SQLiteStore {
        let store = try await SQLiteSearchTests.store()
        for trace in traces { try await commit(store, id: trace.id, name: trace.name, user: trace.user, session: trace.session) }
        try await store.commit([F.batch("q", [F.event("trace-create", id: "q1", at: "2026-11-25T09:00:00.000Z", body: #"{"id":"q-1","userId":"user-0001"}"#)])])
        return store
    }

    /// The traces of `p` the search box finds with `.ids`.
    static func found(_ store: SQLiteStore, _ text: String, project: String = "p", candidateLimit: Int? = nil) async throws -> Set<String> {
        try await store.pool.read { db in
            let condition = try SQLiteSearch.traces(TraceSearch(text: text, scope: .ids), projectId: project, candidateLimit: candidateLimit, in: db)
            return Set(try String.fetchAll(db, sql: "SELECT t.id FROM traces t WHERE t.project_id = ? AND \(condition.sql)", arguments: [project] + condition.statementArguments))
        }
    }

    /// The traces the trigram index narrows `text` to before any row is checked; nil when it does not narrow.
    static func candidates(_ store: SQLiteStore, _ text: String) async throws -> Set<String>? {
        try await store.pool.read { db in
            guard let restriction = try SQLiteSearchCandidates.idRestriction(
                of: .traces(alias: "t"), for: text, projectId: "p", limit: SQLiteSearchCandidates.idListLimit, in: db
            ) else { return nil }
            return Set(try String.fetchAll(db, sql: "SELECT t.id FROM traces t WHERE t.project_id = 'p' AND \(restriction.sql)", arguments: restriction.statementArguments))
        }
    }

    /// What the search must find: a case-insensitive substring of id, name, user or session.
    static func expected(_ text: String) -> Set<String> {
        let needle = FoldedSubstring(text)
        return Set(traces.filter { trace in [trace.id, trace.name, trace.user, trace.session].contains { $0.map(needle.isFound) ?? false } }.map(\.id))
    }

    static let needles = ["user-0001", "USER-000", "sess-42", "ünal", "ÜNAL", "κειμενα", "1b4d-4e8a", "7f3c2a9e-1b4d-4e8a-9c1f-2d6b8a0e5f11",
                          "alpha", "a-", "42", "nothing-like-it", "ss-4", "ck"]

    @Test func theIndexNarrowsAndFindsExactlyWhatCheckingEveryRowFinds() async throws {
        let store = try await Self.loaded()
        for needle in Self.needles { #expect(try await Self.found(store, needle) == Self.expected(needle), "before indexing: \(needle)") }
        try await SQLiteSearchTests.indexAll(store)
        #expect(try await store.searchBacklog().traces == 0)
        for needle in Self.needles {
            #expect(try await Self.found(store, needle) == Self.expected(needle), "indexed: \(needle)")
            #expect(try await Self.found(store, needle, candidateLimit: 0) == Self.expected(needle), "every row checked: \(needle)")
        }
        #expect(try await Self.candidates(store, "7f3c2a9e-1b4d-4e8a-9c1f-2d6b8a0e5f11") == ["7f3c2a9e-1b4d-4e8a-9c1f-2d6b8a0e5f11"], "a full id narrows to its trace")
        #expect(try await Self.candidates(store, "user-0001") == ["beta-2", "gamma-3", "7f3c2a9e-1b4d-4e8a-9c1f-2d6b8a0e5f11"])
        #expect(try await Self.candidates(store, "nothing-like-it") == [])
        #expect(try await Self.candidates(store, "ck") == nil, "two characters hold no trigram: rows are checked")
        #expect(try await Self.found(store, "user-0001", project: "q") == ["q-1"], "each project finds only its own traces")
    }

    @Test func aRenamedTraceIsFoundByItsNewNameOnlyBeforeAndAfterReindexing() async throws {
        let store = try await Self.loaded()
        try await SQLiteSearchTests.indexAll(store)
        try await Self.commit(store, id: "gamma-3", name: "renamed-flow", user: "user-7777", session: nil, second: 5)
        #expect(try await Self.found(store, "renamed-flow") == ["gamma-3"], "from the backlog")
        #expect(try await Self.found(store, "user-7777") == ["gamma-3"])
        #expect(try await Self.found(store, "user-00010") == [])
        try await SQLiteSearchTests.indexAll(store)
        #expect(try await Self.candidates(store, "renamed-flow") == ["gamma-3"])
        #expect(try await Self.candidates(store, "user-00010") == [])
    }

    @Test func aDeletedTraceLeavesNoIdDocument() async throws {
        let store = try await Self.loaded()
        try await SQLiteSearchTests.indexAll(store)
        #expect(try await SQLiteSearchTests.count(store, "id_search_documents") == 6)
        _ = try await store.deleteTraces(projectId: "p", ids: ["Alpha-1"])
        #expect(try await Self.found(store, "sess-42") == ["delta-4", "7f3c2a9e-1b4d-4e8a-9c1f-2d6b8a0e5f11"])
        #expect(try await SQLiteSearchTests.count(store, "id_search_documents") == 5)
        #expect(try await SQLiteSearchTests.count(store, "id_search_index") == 5)
    }

    @Test func migrationV12IndexesTheTracesAStoreAlreadyHas() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("langfarm-id-search-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("langfarm.sqlite").path
        let store = try await SQLiteStore.open(path: path)
        for trace in Self.traces { try await Self.commit(store, id: trace.id, name: trace.name, user: trace.user, session: trace.session) }
        try await store.pool.write { db in
            try db.execute(sql: """
                DELETE FROM search_backlog; DROP TABLE id_search_index; DROP TABLE id_search_documents;
                DELETE FROM grdb_migrations WHERE identifier = 'v12-id-search-index'
                """)
        }
        let upgraded = try await SQLiteStore.open(path: path)
        #expect(try await Self.candidates(upgraded, "sess-42") == ["Alpha-1", "delta-4", "7f3c2a9e-1b4d-4e8a-9c1f-2d6b8a0e5f11"])
        for needle in Self.needles { #expect(try await Self.found(upgraded, needle) == Self.expected(needle), "\(needle)") }
    }
}
