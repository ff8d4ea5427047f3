import Foundation
import LangfarmCore
import LangfarmPostgres
import LangfarmStore
import Testing
import TestSupport

/// `langfarm migrate --to postgres://…`: an embedded store copied into PostgreSQL holds the same.
@Suite struct EmbeddedStoreCopyTests {
    typealias F = Fixtures

    @Test func aCopyHoldsTheSameRowsLogAndAccountsAndGoesOnlyIntoAnEmptyDatabase() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("langfarm-copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = try await SQLiteStore.open(path: directory.appendingPathComponent("langfarm.sqlite").path)
        for project in ["p", "q"] { try await source.upsertProject(Project(id: project, name: "Project \(project)")) }
        let key = APIKeyRecord(publicKey: "pk-lf-1", hashedSecret: "h1", displaySecret: "sk-lf-...1", projectId: "p", name: "ci", createdAt: 5)
        try await source.insertAPIKey(key)
        let user = UserAccount(id: "u1", email: "a@example.com", name: "A", passwordHash: "hash", createdAt: 7)
        try await source.createUser(user)
        try await source.setMembership(Membership(projectId: "q", userId: "u1", role: .member))
        let view = SavedView(id: "v1", projectId: "p", name: "errors", query: "level=ERROR", createdAt: 9)
        try await source.saveView(view)
        let model = ModelStoreConformanceTests.model("m1", project: "p", name: "house-model", pattern: "(?i)^house$", input: "0.000001")
        try await source.createModel(model)
        try await source.commit([F.batch("p", at: 1_795_600_000_000, F.sdkTrace("t1"))])
        try await source.commit([F.batch("p", at: 1_795_600_100_000, F.sdkTrace("t2")), F.batch("q", F.sdkTrace("t1"))])

        let url = try await PostgresServer.freshDatabaseURL()
        let target = try await PostgresStore.connect(url: url, logger: StoreKind.quietLogger)
        var steps: [String] = []
        let counts = try await EmbeddedStoreCopy.copy(from: source, to: target) { steps.append($0) }
        #expect(counts.log == RebuildSummary(events: 30, traces: 3, observations: 12, scores: 3))
        #expect(counts.projects == 2 && counts.apiKeys == 1 && counts.users == 1 && counts.savedViews == 1)
        #expect(!steps.isEmpty)

        for (project, trace) in [("p", "t1"), ("p", "t2"), ("q", "t1")] {
            let copied = try await Snapshot.of(trace, project: project, in: target)
            #expect(copied.trace != nil)
            #expect(copied == (try await Snapshot.of(trace, project: project, in: source)), "\(project)/\(trace), partition times included")
        }
        for project in ["p", "q"] {
            #expect(try await target.loggedEvents(projectId: project) == (try await source.loggedEvents(projectId: project)))
        }
        #expect(try await target.apiKey(publicKey: "pk-lf-1") == key)
        #expect(try await target.user(id: "u1") == user)
        #expect(try await target.memberships(userId: "u1") == [Membership(projectId: "q", userId: "u1", role: .member)])
        #expect(try await target.savedViews(projectId: "p") == [view])
        #expect(try await target.model(projectId: "p", id: "m1") == model)

        await #expect(throws: StoreError.self) { _ = try await EmbeddedStoreCopy.copy(from: source, to: target) { _ in } }
        await target.shutdown()
    }
}
