import Foundation
import LangfarmCore
@testable import LangfarmPostgres
import LangfarmStore
import Logging
import PostgresNIO
import Synchronization
import Testing
import TestSupport

/// What the PostgreSQL store adds to the conformance suite (which runs on it through
/// `StoreKind`): model definitions read back exactly, byte-wise ordering, and connecting,
/// migrating and failing to connect.
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

    func view(_ id: String, project: String = "p", name: String, query: String = "limit=20") -> SavedView {
        SavedView(id: id, projectId: project, name: name, query: query, createdAt: 1_000)
    }

    static func model(_ id: String, project: String?, name: String, pattern: String, input: String) -> ModelDefinition {
        ModelStoreConformanceTests.model(id, project: project, name: name, pattern: pattern, input: input)
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
        let sqlite = try await SQLiteStore.open(path: directory.appendingPathComponent("langfarm.sqlite").path)
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
        #expect(!messages.isEmpty, "every failed attempt is logged")
        #expect(messages.allSatisfy { $0.contains("127.0.0.1:1") && !$0.contains("hunter2secret") })
    }

    @Test func aWrongPasswordFailsAtOnce() async throws {
        let url = try PostgresURL(parsing: try await PostgresServer.freshDatabaseURL())
        var wrong = url
        wrong.password = "not-the-password"
        let logs = RecordedLogs()
        let logger = Logger(label: "refused") { _ in logs }
        await #expect {
            _ = try await PostgresStore.connect(url: Self.text(of: wrong), logger: logger, startupTimeout: .seconds(60))
        } throws: { error in
            guard case PostgresStartupError.refused = error else { return false }
            let text = "\(error)"
            return text.contains("PostgreSQL at \(url.endpoint) refused user '\(url.user)'") && text.contains("password authentication failed")
                && !text.contains("not-the-password")
        }

        var missing = url
        missing.database = "no_such_database"
        await #expect {
            _ = try await PostgresStore.connect(url: Self.text(of: missing), logger: logger)
        } throws: { error in
            "\(error)".contains("database \"no_such_database\" does not exist")
        }

        var encrypted = url
        encrypted.sslMode = .require
        await #expect {
            _ = try await PostgresStore.connect(url: Self.text(of: encrypted), logger: logger)
        } throws: { error in
            "\(error)".contains("the server does not offer TLS, which sslmode requires")
        }
        #expect(logs.messages.isEmpty, "none of these refusals is retried (each retry logs why): \(logs.messages)")
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
