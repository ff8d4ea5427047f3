import Foundation
import LangfarmCore
import Testing

/// The single-event endpoints of older SDKs: `POST /api/public/traces`, `POST|PATCH
/// /api/public/generations`, `POST|PATCH /api/public/spans`, `POST /api/public/events`.
@Suite struct LegacyEndpointTests {
    static func isUUID(_ text: String?) -> Bool {
        guard let text, let uuid = UUID(uuidString: text) else { return false }
        return uuid.uuidString.lowercased() == text
    }

    @Test func postTraceStoresIt() async throws {
        try await TestApp.run { app, client in
            let reply = try await client.send(
                .post, "/api/public/traces", auth: app.a.basic,
                json: ["id": "t1", "name": "legacy", "userId": "u1", "metadata": ["k": "v"], "tags": ["x"]]
            )
            #expect(reply.status == 200, "\(reply)")
            #expect(reply.json == ["id": "t1"])
            let trace = try await client.trace("t1", auth: app.a.basic)
            #expect(trace.status == 200)
            #expect(trace.json["name"] == "legacy")
            #expect(trace.json["userId"] == "u1")
            #expect(trace.json["metadata"] == ["k": "v"])
            #expect(trace.json["tags"] == ["x"])
        }
    }

    @Test func postTraceWithoutIdGetsAGeneratedOne() async throws {
        try await TestApp.run { app, client in
            let reply = try await client.send(.post, "/api/public/traces", auth: app.a.basic, json: ["name": "anonymous"])
            #expect(reply.status == 200, "\(reply)")
            let id = try #require(reply.json["id"]?.stringValue)
            #expect(Self.isUUID(id), "\(id)")
            let trace = try await client.trace(id, auth: app.a.basic)
            #expect(trace.status == 200, "\(trace)")
            #expect(trace.json["name"] == "anonymous")
        }
    }

    @Test func generationPromptAndCompletionBecomeInputAndOutput() async throws {
        try await TestApp.run { app, client in
            let created = try await client.send(.post, "/api/public/generations", auth: app.a.basic, json: [
                "id": "g1", "traceId": "t1", "name": "llm", "model": "gpt-4o",
                "startTime": "2026-03-01T12:00:00.000Z",
                "prompt": [["role": "user", "content": "hi"]], "completion": "hello",
                "usage": ["promptTokens": 5, "completionTokens": 7, "totalTokens": 12],
            ])
            #expect(created.status == 200, "\(created)")
            #expect(created.json == ["id": "g1"])
            let generation = try await client.observation("g1", auth: app.a.basic)
            #expect(generation.json["type"] == "GENERATION")
            #expect(generation.json["input"] == [["role": "user", "content": "hi"]])
            #expect(generation.json["output"] == "hello")
            #expect(generation.json["model"] == "gpt-4o")
            #expect(generation.json["usageDetails"] == ["input": 5, "output": 7, "total": 12])
        }
    }

    @Test func patchGenerationUsesGenerationId() async throws {
        try await TestApp.run { app, client in
            _ = try await client.send(.post, "/api/public/generations", auth: app.a.basic, json: [
                "id": "g1", "traceId": "t1", "name": "llm", "startTime": "2026-03-01T12:00:00.000Z", "prompt": "question",
            ])
            let patched = try await client.send(.patch, "/api/public/generations", auth: app.a.basic, json: [
                "generationId": "g1", "completion": "answer", "endTime": "2026-03-01T12:00:03.000Z",
            ])
            #expect(patched.status == 200, "\(patched)")
            #expect(patched.json == ["id": "g1"])
            let generation = try await client.observation("g1", auth: app.a.basic)
            #expect(generation.json["input"] == "question")
            #expect(generation.json["output"] == "answer")
            #expect(generation.json["name"] == "llm")
            #expect(generation.json["endTime"] == "2026-03-01T12:00:03.000Z")
            #expect(generation.json["latency"] == 3)
        }
    }

    @Test func postAndPatchSpanUseSpanId() async throws {
        try await TestApp.run { app, client in
            let created = try await client.send(.post, "/api/public/spans", auth: app.a.basic, json: [
                "id": "s1", "traceId": "t1", "name": "retrieve", "startTime": "2026-03-01T12:00:00.000Z",
            ])
            #expect(created.status == 200, "\(created)")
            #expect(created.json == ["id": "s1"])
            let patched = try await client.send(.patch, "/api/public/spans", auth: app.a.basic, json: [
                "spanId": "s1", "output": ["docs": 3], "endTime": "2026-03-01T12:00:01.500Z", "level": "WARNING",
            ])
            #expect(patched.status == 200, "\(patched)")
            #expect(patched.json == ["id": "s1"])
            let span = try await client.observation("s1", auth: app.a.basic)
            #expect(span.json["type"] == "SPAN")
            #expect(span.json["name"] == "retrieve")
            #expect(span.json["output"] == ["docs": 3])
            #expect(span.json["level"] == "WARNING")
            #expect(span.json["latency"] == 1.5)
        }
    }

    @Test func postEventStoresAnEventObservation() async throws {
        try await TestApp.run { app, client in
            let reply = try await client.send(.post, "/api/public/events", auth: app.a.basic, json: [
                "traceId": "t1", "name": "clicked", "input": "button",
            ])
            #expect(reply.status == 200, "\(reply)")
            let id = try #require(reply.json["id"]?.stringValue)
            #expect(Self.isUUID(id), "\(id)")
            let event = try await client.observation(id, auth: app.a.basic)
            #expect(event.status == 200, "\(event)")
            #expect(event.json["type"] == "EVENT")
            #expect(event.json["name"] == "clicked")
            #expect(event.json["traceId"] == "t1")
        }
    }

    @Test func invalidBodyIs400WithMessage() async throws {
        try await TestApp.run { app, client in
            let cases: [(String, JSONValue, String)] = [
                ("/api/public/traces", ["id": "t1", "name": 5], "body.name: expected a string, got a number"),
                ("/api/public/traces", [1, 2], "body: expected an object, got an array"),
                ("/api/public/generations", ["id": "g1", "level": "LOUD"], "body.level"),
                ("/api/public/spans", ["id": 12], "body.id: expected a string"),
                ("/api/public/events", ["id": "e1", "startTime": "soon"], "body.startTime: 'soon' is not an ISO-8601 date-time"),
            ]
            for (path, body, detail) in cases {
                let reply = try await client.send(.post, path, auth: app.a.basic, json: body)
                #expect(reply.status == 400, "\(path): \(reply)")
                #expect(reply.message == "Invalid request data", "\(path): \(reply)")
                #expect(reply.text.contains(detail), "\(path): \(reply)")
            }
            let patch = try await client.send(.patch, "/api/public/generations", auth: app.a.basic, json: ["generationId": 3])
            #expect(patch.status == 400, "\(patch)")
            #expect(patch.json == ["message": "Invalid request data", "error": ["body.generationId: expected a string"]])
            let malformed = try await client.send(.post, "/api/public/traces", auth: app.a.basic, body: Data("{".utf8))
            #expect(malformed.status == 400, "\(malformed)")
            #expect(malformed.message == "Invalid request data")
            #expect(try await app.loggedEventCount(app.a) == 0)
        }
    }

    @Test func legacyEndpointsNeedAuth() async throws {
        try await TestApp.run { app, client in
            for path in ["/api/public/traces", "/api/public/generations", "/api/public/spans", "/api/public/events"] {
                let reply = try await client.send(.post, path, auth: nil, json: ["id": "x"])
                #expect(reply.status == 401, "\(path): \(reply)")
                #expect(reply.message == "No authorization header")
            }
            #expect(try await app.loggedEventCount(app.a) == 0)
        }
    }
}
