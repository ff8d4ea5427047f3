import Foundation
import LangfarmCore
import Testing

/// `POST /api/public/scores` (one object, or the array SDK 5 sends) and
/// `DELETE /api/public/scores/{id}`.
@Suite struct ScoresEndpointTests {
    /// The body Python SDK 5.0.4 sends (fixtures/sdk-traffic/v5.0.4-scores.json).
    static let sdk5Scores = #"""
        [
            {"id": "afd6970d923c8d7b", "traceId": "f34d3de6961d53e86a70c7cc4a337166", "name": "quality",
             "value": 0.9, "comment": "good", "dataType": "NUMERIC", "timestamp": "2026-11-25T09:51:32.160463Z"},
            {"id": "ad345e72bd7644b9", "traceId": "f34d3de6961d53e86a70c7cc4a337166", "name": "quality2",
             "value": 1.0, "dataType": "NUMERIC", "timestamp": "2026-11-25T09:51:32.160679Z"}
        ]
        """#
    static let sdk5TraceId = "f34d3de6961d53e86a70c7cc4a337166"

    func scores(of traceId: String, _ app: TestApp, _ client: TestClient) async throws -> [JSONValue] {
        let trace = try await client.trace(traceId, auth: app.a.basic)
        #expect(trace.status == 200, "\(trace)")
        return trace.json["scores"]?.arrayValue ?? []
    }

    @Test func postSingleScore() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([Events.trace("t1")], auth: app.a.basic)
            let reply = try await client.send(.post, "/api/public/scores", auth: app.a.basic, json: [
                "id": "s1", "traceId": "t1", "name": "correct", "value": "yes", "comment": "checked",
            ])
            #expect(reply.status == 200, "\(reply)")
            #expect(reply.json == ["id": "s1"])
            let stored = try await scores(of: "t1", app, client)
            #expect(stored.count == 1)
            #expect(stored.first?["name"] == "correct")
            #expect(stored.first?["dataType"] == "CATEGORICAL")
            #expect(stored.first?["stringValue"] == "yes")
            #expect(stored.first?["comment"] == "checked")
            #expect(stored.first?["source"] == "API")
        }
    }

    @Test func postScoreWithoutIdGetsAGeneratedOne() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([Events.trace("t1")], auth: app.a.basic)
            let reply = try await client.send(.post, "/api/public/scores", auth: app.a.basic, json: [
                "traceId": "t1", "name": "q", "value": 1,
            ])
            #expect(reply.status == 200, "\(reply)")
            let id = try #require(reply.json["id"]?.stringValue)
            #expect(UUID(uuidString: id) != nil)
            #expect(try await scores(of: "t1", app, client).map { $0["id"] } == [.string(id)])
        }
    }

    @Test func postSDK5ArrayStoresEveryScore() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([Events.trace(Self.sdk5TraceId)], auth: app.a.basic)
            let reply = try await client.send(.post, "/api/public/scores", auth: app.a.basic, body: Data(Self.sdk5Scores.utf8))
            #expect(reply.status == 202, "\(reply)")
            #expect(reply.json == ["message": "Accepted"], "SDK 5 parses this as CreateScoreBatchResponse")
            let stored = try await scores(of: Self.sdk5TraceId, app, client)
            #expect(Set(stored.compactMap { $0["id"]?.stringValue }) == ["afd6970d923c8d7b", "ad345e72bd7644b9"])
            let quality = stored.first { $0["id"] == "afd6970d923c8d7b" }
            #expect(quality?["value"] == 0.9)
            #expect(quality?["comment"] == "good")
            #expect(quality?["timestamp"] == "2026-11-25T09:51:32.160Z")
        }
    }

    @Test func invalidScoreInArrayIs207AndTheValidOnesAreStored() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([Events.trace("t1")], auth: app.a.basic)
            let reply = try await client.send(.post, "/api/public/scores", auth: app.a.basic, json: [
                ["id": "ok-1", "traceId": "t1", "name": "q", "value": 1],
                ["id": "bad", "traceId": "t1", "value": 1],
                ["id": "ok-2", "traceId": "t1", "name": "q2", "value": 0],
            ])
            #expect(reply.status == 207, "\(reply)")
            #expect(reply.json == [
                "accepted": 2, "rejected": 1,
                "errors": [["message": "score bad: body.name: is required and must not be empty"]],
            ], "SDK 5 parses this as CreateScoreBatchResults")
            #expect(Set(try await scores(of: "t1", app, client).compactMap { $0["id"]?.stringValue }) == ["ok-1", "ok-2"])
        }
    }

    /// An array item that is not even an object is just as invalid as one without a name: the
    /// other scores of the array are still stored.
    @Test func nonObjectInArrayIs207AndTheValidOnesAreStored() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([Events.trace("t1")], auth: app.a.basic)
            let reply = try await client.send(.post, "/api/public/scores", auth: app.a.basic, json: [
                ["id": "ok-1", "traceId": "t1", "name": "q", "value": 1],
                "not a score",
            ])
            #expect(reply.status == 207, "\(reply)")
            #expect(reply.json == [
                "accepted": 1, "rejected": 1, "errors": [["message": "scores[1]: body: expected an object, got a string"]],
            ])
            #expect(try await scores(of: "t1", app, client).compactMap { $0["id"]?.stringValue } == ["ok-1"])
        }
    }

    @Test func invalidSingleScoreIs400AndNotStored() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([Events.trace("t1")], auth: app.a.basic)
            let reply = try await client.send(.post, "/api/public/scores", auth: app.a.basic, json: [
                "id": "s1", "traceId": "t1", "name": "q", "value": true,
            ])
            #expect(reply.status == 400, "\(reply)")
            #expect(reply.json == [
                "message": "Invalid request data", "error": "body.value: expected a number or a string, got a boolean",
            ])
            #expect(try await scores(of: "t1", app, client).isEmpty)
        }
    }

    @Test func deleteRemovesTheScore() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([
                Events.trace("t1"), Events.score("s1", traceId: "t1"), Events.score("s2", traceId: "t1"),
            ], auth: app.a.basic)
            let reply = try await client.send(.delete, "/api/public/scores/s1", auth: app.a.basic)
            #expect(reply.status == 202, "\(reply)")
            #expect(reply.json == ["message": "Score deleted successfully"])
            #expect(try await scores(of: "t1", app, client).map { $0["id"] } == ["s2"])

            let again = try await client.send(.delete, "/api/public/scores/s1", auth: app.a.basic)
            #expect(again.status == 404, "\(again)")
        }
    }

    /// A retried score-create (same envelope id as the original) must not bring a deleted score back.
    @Test func retriedCreateDoesNotResurrectADeletedScore() async throws {
        try await TestApp.run { app, client in
            let batch = [Events.trace("t1"), Events.score("s1", traceId: "t1")]
            _ = try await client.ingest(batch, auth: app.a.basic)
            #expect(try await client.send(.delete, "/api/public/scores/s1", auth: app.a.basic).status == 202)
            _ = try await client.ingest(batch, auth: app.a.basic)
            #expect(try await scores(of: "t1", app, client).isEmpty)
        }
    }

    @Test func deleteUnknownScoreIs404() async throws {
        try await TestApp.run { app, client in
            let reply = try await client.send(.delete, "/api/public/scores/nope", auth: app.a.basic)
            #expect(reply.status == 404, "\(reply)")
            #expect(reply.message == "Score not found within authorized project")
            #expect(try await app.loggedEventCount(app.a) == 0)
        }
    }

    @Test func deleteScoreWithEncodedId() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([Events.trace("t1"), Events.score("score/with space", traceId: "t1")], auth: app.a.basic)
            let reply = try await client.send(
                .delete, "/api/public/scores/\(TestClient.encodePathSegment("score/with space"))", auth: app.a.basic
            )
            #expect(reply.status == 202, "\(reply)")
            #expect(try await scores(of: "t1", app, client).isEmpty)
        }
    }
}
