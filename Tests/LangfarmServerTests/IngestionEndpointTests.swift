import Foundation
import LangfarmCore
import Testing

/// `POST /api/public/ingestion` (compat §2): the 207 response and what ends up stored.
@Suite struct IngestionEndpointTests {
    @Test func emptyBatchIs207WithEmptyLists() async throws {
        try await TestApp.run { app, client in
            let reply = try await client.ingest([], auth: app.a.basic)
            #expect(reply.status == 207, "\(reply)")
            #expect(reply.json == ["successes": [], "errors": []])
            #expect(reply.contentType?.hasPrefix("application/json") == true)
        }
    }

    @Test func goodEventsAreStoredNextToBadOnes() async throws {
        try await TestApp.run { app, client in
            let reply = try await client.ingest([
                Events.trace("t1", ["name": "checkout", "userId": "u1"]),
                Events.observation("span-create", "o1", traceId: "t1", ["name": "step"]),
                Events.trace("t-bad", envelopeId: "bad-name", ["name": 42]),
                Events.observation("span-create", "o-bad", traceId: "t1", envelopeId: "bad-level", ["level": "LOUD"]),
                Events.envelope("sdk-log", id: "log-1", body: ["log": ["message": "hi"]]),
                Events.score("s1", traceId: "t1"),
            ], auth: app.a.basic)
            #expect(reply.status == 207, "\(reply)")
            #expect(reply.json.ids("successes") == ["env-t1", "env-o1", "env-s1"])
            #expect(reply.json.ids("errors") == ["bad-name", "bad-level"])
            for success in reply.json["successes"]?.arrayValue ?? [] { #expect(success["status"] == 201) }
            #expect(reply.json.error(for: "bad-name") == [
                "id": "bad-name", "status": 400, "message": "Invalid request data",
                "error": "body.name: expected a string, got a number",
            ])
            #expect(reply.json.error(for: "bad-level")?["status"] == 400)
            #expect(reply.json.error(for: "bad-level")?["error"]?.stringValue?.hasPrefix("body.level: must be one of") == true)

            let trace = try await client.trace("t1", auth: app.a.basic)
            #expect(trace.status == 200, "\(trace)")
            #expect(trace.json["name"] == "checkout")
            #expect(trace.json["userId"] == "u1")
            #expect(trace.json["observations"]?.arrayValue?.map { $0["id"] } == ["o1"])
            #expect(trace.json["scores"]?.arrayValue?.map { $0["id"] } == ["s1"])
            #expect(try await client.trace("t-bad", auth: app.a.basic).status == 404)
            #expect(try await client.observation("o-bad", auth: app.a.basic).status == 404)
        }
    }

    @Test func sdkLogIsInNeitherListAndNotStored() async throws {
        try await TestApp.run { app, client in
            let reply = try await client.ingest([
                Events.envelope("sdk-log", id: "log-1", body: ["log": "anything"]),
            ], auth: app.a.basic)
            #expect(reply.status == 207, "\(reply)")
            #expect(reply.json == ["successes": [], "errors": []])
            #expect(try await app.loggedEventCount(app.a) == 0)
        }
    }

    @Test func createsWithoutBodyIdAreAcknowledgedButNotStored() async throws {
        try await TestApp.run { app, client in
            let reply = try await client.ingest([
                Events.envelope("trace-create", id: "no-id-trace", body: ["name": "anonymous"]),
                Events.envelope("trace-create", id: "null-id-trace", body: ["id": nil, "name": "anonymous"]),
                Events.envelope("score-create", id: "no-id-score", body: ["traceId": "t1", "name": "q", "value": 1]),
            ], auth: app.a.basic)
            #expect(reply.status == 207, "\(reply)")
            #expect(reply.json.ids("successes") == ["no-id-trace", "null-id-trace", "no-id-score"])
            #expect(reply.json.ids("errors") == [])
            #expect(try await app.loggedEventCount(app.a) == 0)
        }
    }

    /// Observations need a body id (unlike traces and scores).
    @Test func observationWithoutIdIsRejected() async throws {
        try await TestApp.run { app, client in
            let reply = try await client.ingest([
                Events.envelope("span-create", id: "span-no-id", body: ["traceId": "t1", "name": "x"]),
            ], auth: app.a.basic)
            #expect(reply.status == 207, "\(reply)")
            #expect(reply.json.error(for: "span-no-id")?["error"] == "body.id: is required")
            #expect(try await app.loggedEventCount(app.a) == 0)
        }
    }

    @Test func retriedBatchChangesNothing() async throws {
        try await TestApp.run { app, client in
            let batch: [JSONValue] = [
                Events.trace("t1", ["name": "first", "input": ["q": "hello"]]),
                Events.observation("generation-create", "g1", traceId: "t1", ["usage": ["input": 3, "output": 4]]),
                Events.score("s1", traceId: "t1", value: 1),
            ]
            let first = try await client.ingest(batch, auth: app.a.basic)
            #expect(first.status == 207)
            #expect(first.json.ids("successes").count == 3)
            let before = try await client.trace("t1", auth: app.a.basic)
            let loggedBefore = try await app.loggedEventCount(app.a)

            try await Task.sleep(for: .milliseconds(20))
            let retry = try await client.ingest(batch, auth: app.a.basic)
            #expect(retry.status == 207, "\(retry)")
            #expect(retry.json.ids("successes") == first.json.ids("successes"))
            #expect(retry.json.ids("errors") == [])

            let after = try await client.trace("t1", auth: app.a.basic)
            #expect(after.json == before.json, "a retried batch must not touch the rows, not even updatedAt")
            #expect(try await app.loggedEventCount(app.a) == loggedBefore)
        }
    }

    /// A later trace-create for the same id (with a new envelope id) updates the trace.
    @Test func laterEventsUpdateTheTrace() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([Events.trace("t1", ["name": "first", "tags": ["a"]])], auth: app.a.basic)
            let update = Events.envelope(
                "trace-create", id: "env-t1-update",
                body: ["id": "t1", "userId": "u9", "tags": ["b"]], timestamp: "2026-03-01T12:00:01.000Z"
            )
            let reply = try await client.ingest([update], auth: app.a.basic)
            #expect(reply.json.ids("successes") == ["env-t1-update"])
            let trace = try await client.trace("t1", auth: app.a.basic)
            #expect(trace.json["name"] == "first")
            #expect(trace.json["userId"] == "u9")
            #expect(trace.json["tags"] == ["a", "b"])
        }
    }

    /// Concurrent requests share group commits; every acknowledged event must be readable.
    @Test func concurrentRequestsAreAllStored() async throws {
        try await TestApp.run { app, client in
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for index in 0..<24 {
                    group.addTask {
                        try await client.ingest([
                            Events.trace("t\(index)", ["name": .string("n\(index)")]),
                            Events.observation("span-create", "o\(index)", traceId: "t\(index)"),
                        ], auth: index.isMultiple(of: 2) ? app.a.basic : app.b.basic)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.allSatisfy { $0.status == 207 && $0.json.ids("successes").count == 2 })
            for index in 0..<24 {
                let owner = index.isMultiple(of: 2) ? app.a : app.b
                let other = index.isMultiple(of: 2) ? app.b : app.a
                let trace = try await client.trace("t\(index)", auth: owner.basic)
                #expect(trace.json["name"] == .string("n\(index)"), "t\(index): \(trace)")
                #expect(trace.json["observations"]?.arrayValue?.count == 1)
                #expect(try await client.trace("t\(index)", auth: other.basic).status == 404)
            }
            #expect(try await app.loggedEventCount(app.a) == 24)
            #expect(try await app.loggedEventCount(app.b) == 24)
        }
    }

    /// Langfuse accepts any JSON as request metadata; refusing it would lose the whole batch.
    @Test func requestMetadataMayBeAnyJSON() async throws {
        try await TestApp.run { app, client in
            let reply = try await client.send(
                .post, "/api/public/ingestion", auth: app.a.basic,
                json: ["batch": [Events.trace("t1")], "metadata": "sdk"]
            )
            #expect(reply.status == 207, "\(reply)")
            #expect(reply.json.ids("successes") == ["env-t1"])
            #expect(try await client.trace("t1", auth: app.a.basic).status == 200)
        }
    }

    @Test func everyObservationTypeIsStoredWithItsType() async throws {
        try await TestApp.run { app, client in
            let types = [
                ("span-create", "SPAN"), ("generation-create", "GENERATION"), ("event-create", "EVENT"),
                ("agent-create", "AGENT"), ("tool-create", "TOOL"), ("chain-create", "CHAIN"),
                ("retriever-create", "RETRIEVER"), ("evaluator-create", "EVALUATOR"),
                ("embedding-create", "EMBEDDING"), ("guardrail-create", "GUARDRAIL"),
            ]
            let events = types.map { Events.observation($0.0, "o-\($0.0)", traceId: "t1") }
            let reply = try await client.ingest(events, auth: app.a.basic)
            #expect(reply.json.ids("successes").count == types.count, "\(reply)")
            for (eventType, observationType) in types {
                let observation = try await client.observation("o-\(eventType)", auth: app.a.basic)
                #expect(observation.json["type"] == .string(observationType), "\(eventType)")
                #expect(observation.json["traceId"] == "t1")
            }
        }
    }

    @Test func datasetRunItemCreateIsRejected() async throws {
        try await TestApp.run { app, client in
            let reply = try await client.ingest([
                Events.envelope("dataset-run-item-create", id: "dri", body: ["id": "x", "runName": "r", "datasetItemId": "i"]),
            ], auth: app.a.basic)
            #expect(reply.status == 207)
            #expect(reply.json.error(for: "dri")?["status"] == 400, "\(reply)")
            #expect(try await app.loggedEventCount(app.a) == 0)
        }
    }
}
