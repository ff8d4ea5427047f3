import Foundation
import Hummingbird
import HummingbirdTesting
import LangfarmCore
import LangfarmStore
import Logging
import NIOCore
import Testing
@testable import LangfarmServer

/// One project and its key, as a test client uses them.
struct TestProject: Sendable {
    let id: String
    let publicKey: String
    let secretKey: String

    /// `Basic base64(pk:sk)`.
    var basic: String { TestApp.basic("\(publicKey):\(secretKey)") }
    /// `Bearer pk`: the score-only access level.
    var bearer: String { "Bearer \(publicKey)" }
}

/// A fresh server over an empty SQLite store in a temporary directory, with two projects
/// (A and B) that each have one key. Every test gets its own.
struct TestApp: Sendable {
    static let salt = "langfarm-server-tests-salt"

    let store: SQLiteStore
    let a: TestProject
    let b: TestProject

    static func basic(_ credentials: String) -> String {
        "Basic " + Data(credentials.utf8).base64EncodedString()
    }

    /// Builds the app, runs `body` against it through the router (no socket), and removes the
    /// temporary directory afterwards.
    /// `changeFeed` stands for a running Kafka relay's view of the outbox; `retention` is the
    /// server's retention default.
    static func run(changeFeed: ChangeFeedMonitor? = nil, retention: RetentionPolicy = RetentionPolicy(), _ body: @Sendable (TestApp, TestClient) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("langfarm-server-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let store = try await SQLiteStore.open(path: directory.appendingPathComponent("langfarm.sqlite").path)
        var logger = Logger(label: "langfarm-server-tests")
        logger.logLevel = .critical
        try await BuiltInModels.install(into: store, logger: logger)
        let a = try await addProject(store, id: "project-a", name: "Project A")
        let b = try await addProject(store, id: "project-b", name: "Project B")
        let testApp = TestApp(store: store, a: a, b: b)
        let router = buildRouter(store: store, salt: salt, changeFeed: changeFeed, retention: retention, logger: logger)
        let app = Application(router: router, logger: logger)
        try await app.test(.router) { client in
            try await body(testApp, TestClient(client: client))
        }
    }

    static func addProject(_ store: SQLiteStore, id: String, name: String) async throws -> TestProject {
        try await store.upsertProject(Project(id: id, name: name))
        let (publicKey, secretKey) = APIKeys.generatePair()
        try await store.insertAPIKey(APIKeyRecord(
            publicKey: publicKey, hashedSecret: APIKeys.hashSecret(secretKey, salt: salt),
            displaySecret: APIKeys.displaySecret(secretKey), projectId: id, name: "test", createdAt: 0
        ))
        return TestProject(id: id, publicKey: publicKey, secretKey: secretKey)
    }

    /// The raw event log of a project: proves that nothing (or something) was stored even where
    /// the API offers no way to list rows.
    func loggedEventCount(_ project: TestProject) async throws -> Int {
        try await store.loggedEvents(projectId: project.id).count
    }
}

/// A response: status, raw bytes, and the body parsed as JSON (`.null` if it is not JSON).
struct Reply: Sendable, CustomStringConvertible {
    let status: Int
    let data: Data
    let contentType: String?

    /// Responses nest a few levels deeper than what was sent (a score's metadata inside the
    /// trace's `scores`), so they are read with more depth than requests are allowed.
    var json: JSONValue { (try? JSONParser.parse(data, maxDepth: 1024)) ?? .null }
    var text: String { String(decoding: data, as: UTF8.self) }
    var message: String? { json["message"]?.stringValue }
    var description: String { "\(status) \(text.prefix(2000))" }
}

/// Thin wrapper over the Hummingbird test client that speaks JSON.
struct TestClient: Sendable {
    let client: any TestClientProtocol

    func send(
        _ method: HTTPRequest.Method, _ path: String, auth: String?, body: Data? = nil,
        contentType: String? = "application/json", headers extra: [String: String] = [:]
    ) async throws -> Reply {
        var headers: HTTPFields = [:]
        if let auth { headers[.authorization] = auth }
        for (name, value) in extra { headers[HTTPFields.Key(name)!] = value }
        if body != nil, let contentType { headers[.contentType] = contentType }
        let buffer = body.map { ByteBuffer(bytes: $0) }
        return try await client.execute(uri: path, method: method, headers: headers, body: buffer) { response in
            Reply(
                status: Int(response.status.code), data: Data(response.body.readableBytesView),
                contentType: response.headers[.contentType]
            )
        }
    }

    func send(_ method: HTTPRequest.Method, _ path: String, auth: String?, json: JSONValue) async throws -> Reply {
        try await send(method, path, auth: auth, body: Data(json.jsonText.utf8))
    }

    func get(_ path: String, auth: String?) async throws -> Reply {
        try await send(.get, path, auth: auth)
    }

    /// `POST /api/public/ingestion` with `{batch: events}`.
    func ingest(_ events: [JSONValue], auth: String?) async throws -> Reply {
        try await send(.post, "/api/public/ingestion", auth: auth, json: ["batch": .array(events)])
    }

    func trace(_ id: String, auth: String?) async throws -> Reply {
        try await get("/api/public/traces/\(TestClient.encodePathSegment(id))", auth: auth)
    }

    func observation(_ id: String, auth: String?) async throws -> Reply {
        try await get("/api/public/observations/\(TestClient.encodePathSegment(id))", auth: auth)
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters, as
    /// `encodeURIComponent` does (so `/`, `?`, `#`, spaces and non-ASCII are all escaped).
    static func encodePathSegment(_ segment: String) -> String {
        var unreserved = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        unreserved.insert(charactersIn: "-._~")
        return segment.addingPercentEncoding(withAllowedCharacters: unreserved)!
    }
}

/// Builders for ingestion envelopes.
enum Events {
    static let time = "2026-03-01T12:00:00.000Z"

    static func envelope(_ type: String, id: String, body: JSONValue, timestamp: String = time) -> JSONValue {
        ["id": .string(id), "type": .string(type), "timestamp": .string(timestamp), "body": body]
    }

    static func trace(_ id: String, envelopeId: String? = nil, _ fields: [String: JSONValue] = [:]) -> JSONValue {
        envelope("trace-create", id: envelopeId ?? "env-\(id)", body: .object(fields.merging(["id": .string(id)]) { $1 }))
    }

    static func observation(
        _ type: String, _ id: String, traceId: String, envelopeId: String? = nil, _ fields: [String: JSONValue] = [:]
    ) -> JSONValue {
        let body = fields.merging(["id": .string(id), "traceId": .string(traceId)]) { $1 }
        return envelope(type, id: envelopeId ?? "env-\(id)", body: .object(body))
    }

    static func score(_ id: String, traceId: String, name: String = "quality", value: JSONValue = 0.5, envelopeId: String? = nil) -> JSONValue {
        envelope("score-create", id: envelopeId ?? "env-\(id)", body: [
            "id": .string(id), "traceId": .string(traceId), "name": .string(name), "value": value,
        ])
    }
}

extension JSONValue {
    /// Ids of the `successes` or `errors` list of a 207 body, as a set (order is not specified).
    func ids(_ list: String) -> Set<String> {
        Set((self[list]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue })
    }

    /// The entry of the `errors` list for one envelope id.
    func error(for envelopeId: String) -> JSONValue? {
        self["errors"]?.arrayValue?.first { $0["id"]?.stringValue == envelopeId }
    }

}

// `nil` as JSON null keeps request bodies readable; test-only, because in production code it
// would blur "absent" and "null".
extension JSONValue: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) { self = .null }
}
