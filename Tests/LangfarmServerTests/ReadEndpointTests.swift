import Foundation
import LangfarmCore
import LangfarmStore
import Testing
@testable import LangfarmServer

/// Read API shapes (compat §5): health, projects, a trace with its observations and scores,
/// one observation.
@Suite struct ReadEndpointTests {
    @Test func healthNeedsNoAuth() async throws {
        try await TestApp.run { app, client in
            let reply = try await client.get("/api/public/health", auth: nil)
            #expect(reply.status == 200, "\(reply)")
            #expect(reply.json == ["status": "OK", "version": .string(LangfarmVersion.current)])
        }
    }

    @Test func projectsDescribesTheKeysProject() async throws {
        try await TestApp.run { app, client in
            let reply = try await client.get("/api/public/projects", auth: app.a.basic)
            #expect(reply.status == 200, "\(reply)")
            let data = try #require(reply.json["data"]?.arrayValue)
            #expect(data.count == 1)
            #expect(data.first?["id"] == .string(app.a.id))
            #expect(data.first?["name"] == "Project A")
            #expect(data.first?["organization"]?["id"]?.stringValue != nil)
            #expect(data.first?["organization"]?["name"]?.stringValue != nil)
            #expect(data.first?["metadata"] == [:])
        }
    }

    @Test func projectsReportsTheRetentionThatApplies() async throws {
        try await TestApp.run(retention: RetentionPolicy(defaultRetention: .days(30))) { app, client in
            func retentionDays(_ project: TestProject) async throws -> JSONValue? {
                try await client.get("/api/public/projects", auth: project.basic).json["data"]?.arrayValue?.first?["retentionDays"]
            }
            #expect(try await retentionDays(app.a) == 30, "the server's default")
            _ = try await app.store.setRetention(projectId: app.a.id, .days(7))
            #expect(try await retentionDays(app.a) == 7, "the project's own")
            #expect(try await retentionDays(app.b) == 30)
            _ = try await app.store.setRetention(projectId: app.b.id, .forever)
            #expect(try await retentionDays(app.b) == nil, "omitted when data is kept for ever")
        }
        try await TestApp.run { app, client in
            let project = try await client.get("/api/public/projects", auth: app.a.basic).json["data"]?.arrayValue?.first
            #expect(project?["id"] == .string(app.a.id))
            #expect(project?["retentionDays"] == nil, "no default and no window of its own")
        }
    }

    /// A span 12:00:00–12:00:02, a generation 12:00:01–12:00:05 with usage and cost, and a score.
    func seedTrace(_ app: TestApp, _ client: TestClient) async throws {
        let reply = try await client.ingest([
            Events.trace("t1", [
                "name": "chat", "userId": "u1", "sessionId": "sess-1", "release": "r1", "version": "v1",
                "environment": "Production", "metadata": ["team": "search"], "tags": ["b", "a"],
                "input": ["q": "hi"], "output": "hello", "public": true,
                "timestamp": "2026-03-01T12:00:00.000Z",
            ]),
            Events.observation("span-create", "span-1", traceId: "t1", [
                "name": "retrieve", "startTime": "2026-03-01T12:00:00.000Z", "endTime": "2026-03-01T12:00:02.000Z",
            ]),
            Events.observation("generation-create", "gen-1", traceId: "t1", [
                "name": "llm", "parentObservationId": "span-1", "model": "gpt-4o",
                "modelParameters": ["temperature": 0.2, "stop": ["\n"]],
                "startTime": "2026-03-01T12:00:01.000Z", "completionStartTime": "2026-03-01T12:00:01.500Z",
                "endTime": "2026-03-01T12:00:05.000Z",
                "usageDetails": ["input": 10, "output": 20, "input_cached": 4],
                "costDetails": ["input": 1.5, "output": 2.25],
                "promptName": "greeting", "promptVersion": 3, "level": "WARNING", "statusMessage": "slow",
                "version": "g-v1", "metadata": ["attempt": 2],
            ]),
            Events.score("score-1", traceId: "t1", name: "accuracy", value: 0.75),
        ], auth: app.a.basic)
        #expect(reply.json.ids("successes").count == 4, "\(reply)")
    }

    @Test func traceShape() async throws {
        try await TestApp.run { app, client in
            try await seedTrace(app, client)
            let reply = try await client.trace("t1", auth: app.a.basic)
            #expect(reply.status == 200, "\(reply)")
            let trace = reply.json
            #expect(trace["id"] == "t1")
            #expect(trace["projectId"] == .string(app.a.id))
            #expect(trace["name"] == "chat")
            #expect(trace["userId"] == "u1")
            #expect(trace["sessionId"] == "sess-1")
            #expect(trace["release"] == "r1")
            #expect(trace["version"] == "v1")
            #expect(trace["environment"] == "production")
            #expect(trace["metadata"] == ["team": "search"])
            #expect(trace["tags"] == ["a", "b"])
            #expect(trace["input"] == ["q": "hi"])
            #expect(trace["output"] == "hello")
            #expect(trace["public"] == true)
            #expect(trace["bookmarked"] == false)
            #expect(trace["externalId"] == .null)
            #expect(trace["timestamp"] == "2026-03-01T12:00:00.000Z")
            #expect(trace["htmlPath"] == .string("/project/\(app.a.id)/traces/t1"))
            #expect(trace["createdAt"]?.stringValue.flatMap(ISO8601.parse) != nil)
            #expect(trace["updatedAt"]?.stringValue.flatMap(ISO8601.parse) != nil)
            // First start 12:00:00 to last end 12:00:05.
            #expect(trace["latency"] == 5)
            #expect(trace["totalCost"] == 3.75)
            #expect(trace["observations"]?.arrayValue?.map { $0["id"] } == ["span-1", "gen-1"])
            #expect(trace["scores"]?.arrayValue?.count == 1)
            let score = try #require(trace["scores"]?[0])
            #expect(score["id"] == "score-1")
            #expect(score["name"] == "accuracy")
            #expect(score["value"] == 0.75)
            #expect(score["dataType"] == "NUMERIC")
            #expect(score["traceId"] == "t1")
            #expect(score["source"] == "API")
        }
    }

    @Test func observationShape() async throws {
        try await TestApp.run { app, client in
            try await seedTrace(app, client)
            let reply = try await client.observation("gen-1", auth: app.a.basic)
            #expect(reply.status == 200, "\(reply)")
            let generation = reply.json
            #expect(generation["id"] == "gen-1")
            #expect(generation["traceId"] == "t1")
            #expect(generation["projectId"] == .string(app.a.id))
            #expect(generation["type"] == "GENERATION")
            #expect(generation["name"] == "llm")
            #expect(generation["parentObservationId"] == "span-1")
            #expect(generation["model"] == "gpt-4o")
            #expect(generation["modelParameters"] == ["temperature": 0.2, "stop": ["\n"]])
            #expect(generation["startTime"] == "2026-03-01T12:00:01.000Z")
            #expect(generation["endTime"] == "2026-03-01T12:00:05.000Z")
            #expect(generation["completionStartTime"] == "2026-03-01T12:00:01.500Z")
            #expect(generation["latency"] == 4)
            #expect(generation["timeToFirstToken"] == 0.5)
            #expect(generation["usageDetails"] == ["input": 10, "output": 20, "input_cached": 4, "total": 34])
            #expect(generation["costDetails"] == ["input": 1.5, "output": 2.25, "total": 3.75])
            #expect(generation["calculatedTotalCost"] == 3.75)
            #expect(generation["calculatedInputCost"] == 1.5)
            #expect(generation["calculatedOutputCost"] == 2.25)
            #expect(generation["promptTokens"] == 14)
            #expect(generation["completionTokens"] == 20)
            #expect(generation["totalTokens"] == 34)
            #expect(generation["usage"] == ["input": 14, "output": 20, "total": 34, "unit": "TOKENS"])
            #expect(generation["promptName"] == "greeting")
            #expect(generation["promptVersion"] == 3)
            #expect(generation["level"] == "WARNING")
            #expect(generation["statusMessage"] == "slow")
            #expect(generation["version"] == "g-v1")
            #expect(generation["metadata"] == ["attempt": 2])
            #expect(generation["environment"] == "default")

            let span = try await client.observation("span-1", auth: app.a.basic)
            #expect(span.json["type"] == "SPAN")
            #expect(span.json["level"] == "DEFAULT")
            #expect(span.json["usageDetails"] == [:])
            #expect(span.json["calculatedTotalCost"] == .null)
            #expect(span.json["latency"] == 2)
        }
    }

    /// A trace whose observations have not ended: latency runs to the last start.
    @Test func latencyWithoutEndTimes() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([
                Events.trace("t1"),
                Events.observation("event-create", "e1", traceId: "t1", ["startTime": "2026-03-01T12:00:00.000Z"]),
                Events.observation("event-create", "e2", traceId: "t1", ["startTime": "2026-03-01T12:00:00.250Z"]),
            ], auth: app.a.basic)
            let trace = try await client.trace("t1", auth: app.a.basic)
            #expect(trace.json["latency"] == 0.25)
            #expect(trace.json["totalCost"] == 0)
        }
    }

    @Test func traceWithoutObservations() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([Events.trace("t1")], auth: app.a.basic)
            let trace = try await client.trace("t1", auth: app.a.basic)
            #expect(trace.status == 200)
            #expect(trace.json["observations"] == [])
            #expect(trace.json["scores"] == [])
            #expect(trace.json["latency"] == 0)
            #expect(trace.json["totalCost"] == 0)
            #expect(trace.json["name"] == .null)
            #expect(trace.json["environment"] == "default")
        }
    }

    @Test func missingObservationIs404() async throws {
        try await TestApp.run { app, client in
            let reply = try await client.observation("nope", auth: app.a.basic)
            #expect(reply.status == 404, "\(reply)")
            #expect(reply.json == ["message": "Observation nope not found within authorized project", "error": "LangfuseNotFoundError"])
        }
    }

    @Test func unknownRouteIs404() async throws {
        try await TestApp.run { app, client in
            let reply = try await client.get("/api/public/nothing-here", auth: app.a.basic)
            #expect(reply.status == 404, "\(reply)")
        }
    }
}
