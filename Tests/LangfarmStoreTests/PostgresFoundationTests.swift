import Foundation
import LangfarmCore
@testable import LangfarmPostgres
import LangfarmStore
import Logging
import PostgresNIO
import Synchronization
import Testing
import TestSupport

/// The PostgreSQL store's roles that need no events (keys, accounts, saved views, models): the
/// conformance suite's checks of them, each on a fresh database, plus connecting, migrating and
/// failing to connect. Until the store has every role, it cannot join `StoreKind`.
@Suite struct PostgresFoundationTests {
    static let quiet = Logger(label: "langfarm-postgres-tests") { _ in SwiftLogNoOpLogHandler() }

    /// A store on a fresh database, shut down after `body`; `body` also gets the URL, to open
    /// another store on the same database (a reopen, or a second server).
    func withStore(_ body: (PostgresStore, String) async throws -> Void) async throws {
        let url = try await PostgresServer.freshDatabaseURL()
        let store = try await PostgresStore.connect(url: url, logger: Self.quiet)
        do {
            try await body(store, url)
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }

    func reopened<Value>(_ url: String, _ read: (PostgresStore) async throws -> Value) async throws -> Value {
        let store = try await PostgresStore.connect(url: url, logger: Self.quiet)
        do {
            let value = try await read(store)
            await store.shutdown()
            return value
        } catch {
            await store.shutdown()
            throw error
        }
    }

    // MARK: The conformance suite's checks

    @Test func projectsAndKeysRoundTrip() async throws {
        try await withStore { store, _ in
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
    }

    func user(_ id: String, email: String) -> UserAccount {
        UserAccount(id: id, email: email, name: "Name \(id)", passwordHash: "hash-\(id)", createdAt: 1_000)
    }

    @Test func usersAreFoundByIdAndByEmailInAnyCase() async throws {
        try await withStore { store, url in
            try await store.createUser(user("u1", email: " Ada@Example.COM "))
            try await store.createUser(user("u2", email: "bob@example.com"))
            #expect(try await store.user(email: "ADA@example.com")?.id == "u1")
            #expect(try await store.user(id: "u1")?.email == "ada@example.com")
            await #expect(throws: StoreError.self) { try await store.createUser(user("u3", email: "ada@EXAMPLE.com")) }
            #expect(try await reopened(url) { try await $0.users().map(\.id) } == ["u1", "u2"])
            #expect(try await store.user(email: "nobody@example.com") == nil)
        }
    }

    @Test func membershipsAreScopedAndRolesChange() async throws {
        try await withStore { store, _ in
            for project in ["p", "q"] { try await store.upsertProject(Project(id: project, name: project)) }
            try await store.createUser(user("u1", email: "a@x.io"))
            try await store.createUser(user("u2", email: "b@x.io"))
            try await store.setMembership(Membership(projectId: "p", userId: "u1", role: .viewer))
            try await store.setMembership(Membership(projectId: "p", userId: "u2", role: .owner))
            try await store.setMembership(Membership(projectId: "q", userId: "u1", role: .member))
            try await store.setMembership(Membership(projectId: "p", userId: "u1", role: .member))
            #expect(try await store.memberships(userId: "u1") == [
                Membership(projectId: "p", userId: "u1", role: .member), Membership(projectId: "q", userId: "u1", role: .member),
            ])
            #expect(try await store.members(projectId: "p").map(\.userId) == ["u2", "u1"], "owners first")
            await #expect(throws: StoreError.self) { try await store.setMembership(Membership(projectId: "nope", userId: "u1", role: .owner)) }
            #expect(try await store.removeMembership(projectId: "q", userId: "u1"))
            #expect(try await !store.removeMembership(projectId: "q", userId: "u1"))
            #expect(try await store.memberships(userId: "u1").map(\.projectId) == ["p"])
            #expect(try await store.projects().map(\.id) == ["p", "q"])
        }
    }

    @Test func sessionsExpireAndEndWithAPasswordChangeOrTheUser() async throws {
        try await withStore { store, _ in
            try await store.upsertProject(Project(id: "p", name: "p"))
            try await store.createUser(user("u1", email: "a@x.io"))
            try await store.createUser(user("u2", email: "b@x.io"))
            try await store.setMembership(Membership(projectId: "p", userId: "u2", role: .owner))
            func session(_ token: String, user: String, expires: EpochMillis) -> WebSession {
                WebSession(tokenHash: SessionTokens.hash(token), userId: user, csrfToken: "c-\(token)", createdAt: 1_000, expiresAt: expires)
            }
            try await store.createWebSession(session("a", user: "u1", expires: 5_000))
            try await store.createWebSession(session("b", user: "u1", expires: 9_000))
            try await store.createWebSession(session("c", user: "u2", expires: 9_000))
            #expect(try await store.webSession(tokenHash: SessionTokens.hash("a"), now: 4_999)?.csrfToken == "c-a")
            #expect(try await store.webSession(tokenHash: SessionTokens.hash("a"), now: 5_000) == nil, "expired")
            #expect(try await store.deleteExpiredWebSessions(now: 6_000) == 1)

            #expect(try await store.setPasswordHash(userId: "u1", "new-hash"))
            #expect(try await store.user(id: "u1")?.passwordHash == "new-hash")
            #expect(try await store.webSession(tokenHash: SessionTokens.hash("b"), now: 2_000) == nil, "a password change signs out")
            #expect(try await store.webSession(tokenHash: SessionTokens.hash("c"), now: 2_000) != nil, "other users stay signed in")

            try await store.deleteWebSession(tokenHash: SessionTokens.hash("c"))
            #expect(try await store.webSession(tokenHash: SessionTokens.hash("c"), now: 2_000) == nil)
            try await store.createWebSession(session("d", user: "u2", expires: 9_000))
            #expect(try await store.deleteUser(id: "u2"))
            #expect(try await store.webSession(tokenHash: SessionTokens.hash("d"), now: 2_000) == nil, "sessions go with the user")
            #expect(try await store.members(projectId: "p").isEmpty, "memberships go with the user")
            #expect(try await !store.deleteUser(id: "u2"))
            #expect(try await !store.setPasswordHash(userId: "u2", "x"))
        }
    }

    func view(_ id: String, project: String = "p", name: String, query: String = "limit=20") -> SavedView {
        SavedView(id: id, projectId: project, name: name, query: query, createdAt: 1_000)
    }

    @Test func viewsAreKeptPerProjectByNameAndSurviveAReopen() async throws {
        try await withStore { store, url in
            for project in ["p", "q"] { try await store.upsertProject(Project(id: project, name: project)) }
            try await store.saveView(view("v1", name: "errors", query: "column=level"))
            try await store.saveView(view("v2", name: "by cost"))
            try await store.saveView(view("v3", project: "q", name: "errors"))
            try await store.saveView(view("v4", name: "errors", query: "column=level&operator=%3D"))
            #expect(try await reopened(url) { try await $0.savedViews(projectId: "p") }
                        == [view("v2", name: "by cost"), view("v1", name: "errors", query: "column=level&operator=%3D")],
                    "a view saved under a taken name replaces that view's query")
            #expect(try await store.savedViews(projectId: "q").map(\.id) == ["v3"])
            #expect(try await !store.deleteSavedView(projectId: "q", id: "v1"), "another project's view is not deleted")
            #expect(try await store.deleteSavedView(projectId: "p", id: "v1"))
            #expect(try await store.savedViews(projectId: "p").map(\.id) == ["v2"])
            await #expect(throws: StoreError.self) { try await store.saveView(view("v5", project: "nope", name: "x")) }
        }
    }

    static func model(_ id: String, project: String?, name: String, pattern: String, input: String) -> ModelDefinition {
        ModelStoreConformanceTests.model(id, project: project, name: name, pattern: pattern, input: input)
    }

    @Test func upsertIsIdempotentAndKeepsCreationTime() async throws {
        try await withStore { store, _ in
            let builtIn = DefaultModelPrices.definitions()
            #expect(try await store.upsertModels(builtIn) == 167)
            #expect(try await store.upsertModels(builtIn) == 0, "unchanged definitions are left alone")
            var changed = builtIn[0]
            changed.pricingTiers[0].prices["input"] = Decimal(string: "0.5")
            changed.createdAt = 99
            #expect(try await store.upsertModels([changed]) == 1)
            let stored = try #require(try await store.model(projectId: "p", id: changed.id))
            #expect(stored.pricingTiers[0].prices["input"] == Decimal(string: "0.5"))
            #expect(stored.createdAt == builtIn[0].createdAt, "a replaced definition keeps its creation time")
            #expect(stored.isBuiltIn)
        }
    }

    @Test func projectModelsAreScopedAndNamesUniquePerProject() async throws {
        try await withStore { store, _ in
            _ = try await store.upsertModels([Self.model("global", project: nil, name: "m", pattern: "^m$", input: "1")])
            try await store.createModel(Self.model("mine", project: "p", name: "m", pattern: "^m$", input: "2"))
            await #expect(throws: ModelNameTaken.self) {
                try await store.createModel(Self.model("mine-2", project: "p", name: "m", pattern: "^m2$", input: "3"))
            }
            try await store.createModel(Self.model("theirs", project: "q", name: "m", pattern: "^m$", input: "4"))

            let page = try await store.models(projectId: "p", page: 1, limit: 10)
            #expect(page.models.map(\.id) == ["mine", "global"], "own definitions first, other projects' invisible")
            #expect(page.totalItems == 2)
            #expect(try await store.models(projectId: "p", page: 2, limit: 1).models.map(\.id) == ["global"])
            #expect(try await store.model(projectId: "p", id: "theirs") == nil)

            #expect(try await !store.deleteModel(projectId: "p", id: "global"), "built-in definitions are not deleted")
            #expect(try await !store.deleteModel(projectId: "p", id: "theirs"))
            #expect(try await store.deleteModel(projectId: "p", id: "mine"))
            #expect(try await store.model(projectId: "p", id: "mine") == nil)
        }
    }

    // MARK: What the PostgreSQL store adds

    @Test func everyBuiltInDefinitionReadsBackEqual() async throws {
        try await withStore { store, _ in
            let builtIn = DefaultModelPrices.definitions()
            _ = try await store.upsertModels(builtIn)
            for definition in builtIn {
                #expect(try await store.model(projectId: "p", id: definition.id) == definition)
            }
        }
    }

    @Test func tiersConditionsAndPricesRoundTripExactly() async throws {
        try await withStore { store, _ in
            let definition = ModelDefinition(
                id: "tiered", projectId: "p", modelName: "tiered", matchPattern: "(?i)^tiered$", startDate: 1_700_000_000_000,
                unit: "TOKENS", tokenizerId: "openai", tokenizerConfig: ["tokensPerMessage": .number(3), "name": .string("x")],
                pricingTiers: [
                    PricingTier(id: "t0", name: "Standard", isDefault: true, priority: 0, conditions: [],
                                prices: ["input": Decimal(string: "0.000000012345678901234567")!, "output": Decimal(string: "12345678.5")!]),
                    PricingTier(id: "t1", name: "Long context", isDefault: false, priority: 2, conditions: [
                        .usage(pattern: "^input", comparison: .gt, value: Decimal(200_000), caseSensitive: true),
                        .attribute(source: .metadata, key: "region", values: ["eu", "us"]),
                    ], prices: ["input": Decimal(string: "0.000006")!]),
                ],
                createdAt: 1_000, updatedAt: 2_000
            )
            try await store.createModel(definition)
            #expect(try await store.model(projectId: "p", id: "tiered") == definition)
            #expect(try await store.upsertModels([definition]) == 0, "an exact round trip leaves nothing to change")
        }
    }

    @Test func modelChangesMoveTheRevisionThatPriceBooksWatch() async throws {
        try await withStore { store, _ in
            func revision() async throws -> Int64 {
                try await store.rows("SELECT revision FROM revisions WHERE name = 'models'").first?.decode(Int64.self) ?? -1
            }
            #expect(try await revision() == 0)
            try await store.createModel(Self.model("mine", project: "p", name: "m", pattern: "^m$", input: "2"))
            #expect(try await revision() == 1)
            _ = try await store.upsertModels([Self.model("mine", project: "p", name: "m", pattern: "^m$", input: "2")])
            #expect(try await revision() == 1, "an unchanged definition moves nothing")
            #expect(try await !store.deleteModel(projectId: "p", id: "nothing"))
            #expect(try await revision() == 1)
            #expect(try await store.deleteModel(projectId: "p", id: "mine"))
            #expect(try await revision() == 2)
        }
    }

    @Test func listingsSortByteWiseAsTheSQLiteStoreDoes() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("langfarm-order-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sqlite = try SQLiteStore(path: directory.appendingPathComponent("langfarm.sqlite").path)
        let names = ["alpha", "Beta", "Zeta", "_x", "ähnlich", "a b", "ab"]
        try await withStore { postgres, _ in
            for store in [postgres as any ProjectKeyStore & AccountStore & SavedViewStore, sqlite] {
                for name in names { try await store.upsertProject(Project(id: name, name: name)) }
                for (index, name) in names.enumerated() { try await store.saveView(view("v\(index)", project: "alpha", name: name)) }
            }
            #expect(try await postgres.projects().map(\.id) == sqlite.projects().map(\.id))
            #expect(try await postgres.savedViews(projectId: "alpha").map(\.name) == sqlite.savedViews(projectId: "alpha").map(\.name))
            #expect(try await postgres.projects().map(\.id) == ["Beta", "Zeta", "_x", "a b", "ab", "alpha", "ähnlich"])
        }
    }

    // MARK: Connecting and migrating

    @Test func storesStartingTogetherMigrateOnce() async throws {
        let url = try await PostgresServer.freshDatabaseURL()
        async let first = PostgresStore.connect(url: url, logger: Self.quiet)
        async let second = PostgresStore.connect(url: url, logger: Self.quiet)
        let stores = try await [first, second]
        for store in stores {
            let versions = try await store.rows("SELECT version FROM langfarm_schema_version ORDER BY version").map { try $0.decode(Int.self) }
            #expect(versions == PostgresSchema.migrations.map(\.version), "each migration applied once")
            await store.shutdown()
        }
    }

    @Test func migrationsAreNumberedFromOneWithoutGaps() {
        #expect(PostgresSchema.migrations.map(\.version) == Array(1...PostgresSchema.migrations.count))
        #expect(PostgresSchema.newestVersion == PostgresSchema.migrations.count)
    }

    @Test func aDatabaseOfANewerLangfarmIsRefused() async throws {
        let newest = PostgresSchema.newestVersion
        try await withStore { store, url in
            try await store.rows("INSERT INTO langfarm_schema_version (version, name) VALUES (\(newest + 5), 'from the future')")
            let endpoint = try PostgresURL(parsing: url)
            await #expect {
                _ = try await PostgresStore.connect(url: url, logger: Self.quiet)
            } throws: { error in
                "\(error)" == "the database at \(endpoint.endpoint)/\(endpoint.database) was migrated by a newer Langfarm "
                    + "(schema version \(newest + 5); this build knows up to \(newest)): upgrade this server, or point it at another database"
            }
        }
    }

    @Test func anUnreachableServerIsRetriedThenNamedWithoutThePassword() async throws {
        let logs = RecordedLogs()
        let logger = Logger(label: "unreachable") { _ in logs }
        let started = ContinuousClock.now
        await #expect {
            _ = try await PostgresStore.connect(url: "postgres://ada:hunter2secret@127.0.0.1:1/langfarm", logger: logger, startupTimeout: .seconds(2))
        } throws: { error in
            guard case PostgresStartupError.unreachable = error else { return false }
            let text = "\(error)"
            return text.contains("PostgreSQL at 127.0.0.1:1 did not answer within 2 s") && text.contains("Connection refused")
                && !text.contains("hunter2secret")
        }
        #expect(ContinuousClock.now - started >= .seconds(2), "it kept trying for the whole budget")
        let messages = logs.messages
        #expect(!messages.isEmpty, "a failed attempt is logged before the next")
        #expect(messages.allSatisfy { $0.contains("127.0.0.1:1") && !$0.contains("hunter2secret") })
    }

    @Test func aWrongPasswordFailsAtOnce() async throws {
        let url = try PostgresURL(parsing: try await PostgresServer.freshDatabaseURL())
        var wrong = url
        wrong.password = "not-the-password"
        let started = ContinuousClock.now
        await #expect {
            _ = try await PostgresStore.connect(url: Self.text(of: wrong), logger: Self.quiet, startupTimeout: .seconds(60))
        } throws: { error in
            guard case PostgresStartupError.refused = error else { return false }
            let text = "\(error)"
            return text.contains("PostgreSQL at \(url.endpoint) refused user '\(url.user)'") && text.contains("password authentication failed")
                && !text.contains("not-the-password")
        }
        #expect(ContinuousClock.now - started < .seconds(10), "no waiting for a password to become right")

        var missing = url
        missing.database = "no_such_database"
        await #expect {
            _ = try await PostgresStore.connect(url: Self.text(of: missing), logger: Self.quiet)
        } throws: { error in
            "\(error)".contains("database \"no_such_database\" does not exist")
        }

        var encrypted = url
        encrypted.sslMode = .require
        await #expect {
            _ = try await PostgresStore.connect(url: Self.text(of: encrypted), logger: Self.quiet)
        } throws: { error in
            "\(error)".contains("the server does not offer TLS, which sslmode requires")
        }
        #expect(ContinuousClock.now - started < .seconds(10), "none of these refusals is waited out")
    }

    /// The URL of `url`, password percent-encoded.
    static func text(of url: PostgresURL) -> String {
        let password = url.password?.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return "postgres://\(url.user):\(password)@\(url.endpoint)/\(url.database)?sslmode=\(url.sslMode.rawValue)"
    }
}

/// Every message logged at warning level or above, to check what an operator would read.
final class RecordedLogs: LogHandler, Sendable {
    private let recorded = Mutex<[String]>([])
    var messages: [String] { recorded.withLock { $0 } }

    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }

    var logLevel: Logger.Level {
        get { .warning }
        set {}
    }

    subscript(metadataKey _: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        recorded.withLock { $0.append("\(event.message)") }
    }
}
