import Foundation
import LangfarmCore
import Testing
@testable import LangfarmServer

/// Requests that are refused as a whole (400, 413) and events refused one by one (per-event 400
/// inside a 207). Nothing refused may be stored, and the server must keep answering.
@Suite struct BadInputTests {
    func postIngestion(_ client: TestClient, _ app: TestApp, _ body: Data) async throws -> Reply {
        try await client.send(.post, "/api/public/ingestion", auth: app.a.basic, body: body)
    }

    @Test func malformedJSONIs400() async throws {
        try await TestApp.run { app, client in
            let reply = try await postIngestion(client, app, Data(#"{"batch": [{"id": "e1", "#.utf8))
            #expect(reply.status == 400, "\(reply)")
            #expect(reply.message == "Invalid request data")
            let details = try #require(reply.json["errors"]?.arrayValue, "\(reply)")
            #expect(details.count == 1)
            #expect(details.first?.stringValue?.hasPrefix("body: malformed JSON") == true, "\(details)")
            #expect(try await app.loggedEventCount(app.a) == 0)
        }
    }

    @Test func emptyBodyIs400() async throws {
        try await TestApp.run { app, client in
            let reply = try await postIngestion(client, app, Data())
            #expect(reply.status == 400, "\(reply)")
            #expect(reply.message == "Invalid request data")
        }
    }

    @Test(arguments: [#"[{"batch": []}]"#, #""batch""#, "42", "null", "true"])
    func bodyThatIsNotAnObjectIs400(body: String) async throws {
        try await TestApp.run { app, client in
            let reply = try await postIngestion(client, app, Data(body.utf8))
            #expect(reply.status == 400, "\(reply)")
            #expect(reply.json == ["message": "Invalid request data", "errors": ["body: expected an object with a 'batch' array"]])
        }
    }

    @Test(arguments: [
        (#"{}"#, "batch: expected an array, it is missing"),
        (#"{"batch": {"id": "e1"}}"#, "batch: expected an array, got an object"),
        (#"{"batch": "[]"}"#, "batch: expected an array, got a string"),
        (#"{"batch": null}"#, "batch: expected an array, got null"),
    ])
    func batchThatIsNotAnArrayIs400(body: String, problem: String) async throws {
        try await TestApp.run { app, client in
            let reply = try await postIngestion(client, app, Data(body.utf8))
            #expect(reply.status == 400, "\(reply)")
            #expect(reply.json == ["message": "Invalid request data", "errors": .array([.string(problem)])])
        }
    }

    @Test func invalidUTF8Is400AndNothingIsStored() async throws {
        try await TestApp.run { app, client in
            var body = Data(#"{"batch":[{"id":"e1","type":"trace-create","timestamp":"2026-03-01T12:00:00Z","body":{"id":"t1","name":""#.utf8)
            body.append(contentsOf: [0xFF, 0xFE, 0xC3])
            body.append(contentsOf: Data(#""}}]}"#.utf8))
            let reply = try await postIngestion(client, app, body)
            #expect(reply.status == 400, "\(reply)")
            #expect(reply.message == "Invalid request data")
            #expect(try await client.trace("t1", auth: app.a.basic).status == 404)
            #expect(try await app.loggedEventCount(app.a) == 0)
        }
    }

    @Test func bodyOverTheLimitIs413AndNothingIsStored() async throws {
        try await TestApp.run { app, client in
            let body = Self.ingestionBody(traceId: "t-big", totalBytes: IngestionService.bodyLimit + 1)
            #expect(body.count == 4_718_593)
            let reply = try await postIngestion(client, app, body)
            #expect(reply.status == 413, "\(reply)")
            #expect(reply.json["error"] == "PayloadTooLargeError")
            #expect(reply.message?.contains("4718592") == true, "\(reply)")
            #expect(try await client.trace("t-big", auth: app.a.basic).status == 404)
            #expect(try await app.loggedEventCount(app.a) == 0)
        }
    }

    @Test func bodyAtTheLimitIsAccepted() async throws {
        try await TestApp.run { app, client in
            let body = Self.ingestionBody(traceId: "t-max", totalBytes: 4_718_592)
            #expect(body.count == 4_718_592)
            let reply = try await postIngestion(client, app, body)
            #expect(reply.status == 207, "\(reply.status) \(reply.text.prefix(300))")
            #expect(reply.json.ids("successes") == ["e-max"])
            let trace = try await client.trace("t-max", auth: app.a.basic)
            #expect(trace.json["input"]?.stringValue?.count == 4_718_592 - Self.ingestionBody(traceId: "t-max", totalBytes: 0, padding: 0).count)
        }
    }

    @Test func legacyAndScoreEndpointsAlsoLimitTheBody() async throws {
        try await TestApp.run { app, client in
            let padding = String(repeating: "x", count: IngestionService.bodyLimit)
            for path in ["/api/public/traces", "/api/public/scores", "/api/public/generations"] {
                let body = Data(#"{"id":"big","traceId":"t","name":"n","value":1,"input":"\#(padding)"}"#.utf8)
                let reply = try await client.send(.post, path, auth: app.a.basic, body: body)
                #expect(reply.status == 413, "\(path): \(reply)")
            }
            #expect(try await app.loggedEventCount(app.a) == 0)
        }
    }

    /// A one-event batch whose trace input is padded so that the whole body is `totalBytes` long.
    static func ingestionBody(traceId: String, totalBytes: Int, padding: Int? = nil) -> Data {
        let prefix = #"{"batch":[{"id":"e-max","type":"trace-create","timestamp":"2026-03-01T12:00:00Z","body":{"id":"\#(traceId)","input":""#
        let suffix = #""}}]}"#
        let fill = padding ?? (totalBytes - prefix.utf8.count - suffix.utf8.count)
        return Data((prefix + String(repeating: "a", count: fill) + suffix).utf8)
    }
}
