import Foundation
import LangfarmCore
import LangfarmStore
import Testing
@testable import LangfarmServer

/// `DELETE /api/public/traces/{id}` and `DELETE /api/public/traces`: a trace goes with its
/// observations and scores, only in the key's project; malformed requests delete nothing.
@Suite struct TraceDeletionEndpointTests {
    static func seed(_ client: TestClient, _ project: TestProject, traces: [String]) async throws {
        var events: [JSONValue] = []
        for id in traces {
            events += [
                Events.trace(id, ["name": "t"]),
                Events.observation("span-create", "\(id)-span", traceId: id),
                Events.score("\(id)-score", traceId: id),
            ]
        }
        let reply = try await client.ingest(events, auth: project.basic)
        #expect(reply.status == 207 && reply.json["errors"]?.arrayValue?.isEmpty == true, "\(reply)")
    }

    @Test func deletingOneTraceRemovesItsObservationsAndScores() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a, traces: ["t1", "t2"])
            try await Self.seed(client, app.b, traces: ["t1"])
            let reply = try await client.send(.delete, "/api/public/traces/t1", auth: app.a.basic)
            #expect(reply.status == 200 && reply.message == "Trace deleted successfully", "\(reply)")
            #expect(try await client.trace("t1", auth: app.a.basic).status == 404)
            #expect(try await client.observation("t1-span", auth: app.a.basic).status == 404)
            #expect(try await app.store.score(projectId: app.a.id, id: "t1-score") == nil)
            #expect(try await client.trace("t2", auth: app.a.basic).status == 200, "other traces stay")
            #expect(try await client.trace("t1", auth: app.b.basic).status == 200, "another project's trace of the same id stays")
            let again = try await client.send(.delete, "/api/public/traces/t1", auth: app.a.basic)
            #expect(again.status == 200, "deleting twice is not an error, as in Langfuse")
        }
    }

    @Test func deletingManyTraces() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a, traces: ["t1", "t2", "t3"])
            let reply = try await client.send(.delete, "/api/public/traces", auth: app.a.basic, json: ["traceIds": ["t1", "t3", "unknown"]])
            #expect(reply.status == 200 && reply.message == "Traces deleted successfully", "\(reply)")
            #expect(try await client.trace("t1", auth: app.a.basic).status == 404)
            #expect(try await client.trace("t3", auth: app.a.basic).status == 404)
            #expect(try await client.trace("t2", auth: app.a.basic).status == 200)
        }
    }

    @Test func malformedBulkDeletionsAreRefusedAndDeleteNothing() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a, traces: ["t1"])
            let tooMany = JSONValue.array((0...1000).map { .string("id-\($0)") })
            let bodies: [(String, Data)] = [
                ("not JSON", Data("{traceIds".utf8)),
                ("no traceIds", Data(#"{"ids":["t1"]}"#.utf8)),
                ("traceIds not an array", Data(#"{"traceIds":"t1"}"#.utf8)),
                ("empty", Data(#"{"traceIds":[]}"#.utf8)),
                ("a number among ids", Data(#"{"traceIds":["t1",7]}"#.utf8)),
                ("an empty id", Data(#"{"traceIds":["t1",""]}"#.utf8)),
                ("1001 ids", Data(JSONValue.object(["traceIds": tooMany]).jsonText.utf8)),
                ("a body array", Data(#"["t1"]"#.utf8)),
            ]
            for (label, body) in bodies {
                let reply = try await client.send(.delete, "/api/public/traces", auth: app.a.basic, body: body)
                #expect(reply.status == 400, "\(label): \(reply)")
                #expect(reply.message?.isEmpty == false, "\(label)")
            }
            let oversized = Data(#"{"traceIds":[""#.utf8) + Data(repeating: UInt8(ascii: "a"), count: 2_000_000) + Data(#""]}"#.utf8)
            #expect(try await client.send(.delete, "/api/public/traces", auth: app.a.basic, body: oversized).status == 413)
            #expect(try await client.trace("t1", auth: app.a.basic).status == 200, "nothing was deleted")
        }
    }

    @Test func deletionNeedsTheSecretKey() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a, traces: ["t1"])
            #expect(try await client.send(.delete, "/api/public/traces/t1", auth: nil).status == 401)
            #expect(try await client.send(.delete, "/api/public/traces/t1", auth: app.a.bearer).status == 403)
            #expect(try await client.trace("t1", auth: app.a.basic).status == 200)
        }
    }
}
