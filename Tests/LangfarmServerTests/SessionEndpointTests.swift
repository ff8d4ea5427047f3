import Foundation
import LangfarmCore
import Testing
@testable import LangfarmServer

/// `GET /api/public/sessions` and `GET /api/public/sessions/{id}`: a session is created when the
/// first trace carrying its id is ingested (that time and that trace's environment), listed
/// newest first with page/limit, `fromTimestamp` (≥), `toTimestamp` (<) and `environment`.
@Suite struct SessionEndpointTests {
    static let path = "/api/public/sessions"

    func session(_ client: TestClient, _ id: String, auth: String) async throws -> Reply {
        try await client.get("\(Self.path)/\(TestClient.encodePathSegment(id))", auth: auth)
    }

    /// Ingests each trace in its own request, a few milliseconds apart, so that the sessions'
    /// creation times are distinct and increasing.
    static func seedApart(_ client: TestClient, _ auth: String, _ traces: [JSONValue]) async throws {
        for trace in traces {
            try await client.seed([trace], auth: auth)
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// sA (staging), sB (production), sC (staging), created in that order; sB gets a second trace.
    static func seedThree(_ client: TestClient, _ auth: String) async throws {
        try await seedApart(client, auth, [
            Events.trace("ta", ["sessionId": "sA", "environment": "staging", "timestamp": "2026-03-05T00:00:00Z"]),
            Events.trace("tb", ["sessionId": "sB", "environment": "production", "timestamp": "2026-03-01T00:00:00Z"]),
            Events.trace("tc", ["sessionId": "sC", "environment": "staging", "timestamp": "2026-03-03T00:00:00Z"]),
            Events.trace("tb2", ["sessionId": "sB", "environment": "staging"]),
            Events.trace("no-session"),
        ])
    }

    @Test func createdAtIsTheFirstIngestionTimeNotTheTraceTimestamp() async throws {
        try await TestApp.run { app, client in
            let before = EpochMillis.now
            try await client.seed([Events.trace("old", ["sessionId": "s1", "environment": "staging", "timestamp": "2020-01-01T00:00:00Z"])], auth: app.a.basic)
            let after = EpochMillis.now
            let reply = try await session(client, "s1", auth: app.a.basic)
            #expect(reply.status == 200, "\(reply)")
            let createdAt = try #require(reply.json["createdAt"]?.stringValue.flatMap(ISO8601.parse), "\(reply)")
            #expect(createdAt >= before && createdAt <= after, "\(reply)")
            let trace = try await client.trace("old", auth: app.a.basic)
            #expect(reply.json["createdAt"] == trace.json["createdAt"], "the session's first trace was first seen then")
            #expect(trace.json["timestamp"] == "2020-01-01T00:00:00.000Z")
            #expect(reply.json["environment"] == "staging")
            #expect(reply.json["projectId"] == .string(app.a.id))
            #expect(reply.json["id"] == "s1")

            // A later trace of the session, with another environment and an older timestamp,
            // changes neither.
            try await Task.sleep(for: .milliseconds(5))
            try await client.seed([Events.trace("older", ["sessionId": "s1", "environment": "production", "timestamp": "2019-01-01T00:00:00Z"])], auth: app.a.basic)
            let again = try await session(client, "s1", auth: app.a.basic)
            #expect(again.json["createdAt"] == reply.json["createdAt"])
            #expect(again.json["environment"] == "staging")
            let listed = try await client.list(Self.path, auth: app.a.basic)
            #expect(listed.items == [["id": "s1", "createdAt": reply.json["createdAt"] ?? nil, "projectId": .string(app.a.id), "environment": "staging"]])
        }
    }

    /// A trace that gains a session id later creates the session then.
    @Test func sessionAddedByATraceUpdateIsCreatedThen() async throws {
        try await TestApp.run { app, client in
            try await client.seed([Events.trace("t1", ["environment": "dev"])], auth: app.a.basic)
            #expect(try await client.list(Self.path, auth: app.a.basic).ids == [])
            try await Task.sleep(for: .milliseconds(5))
            let before = EpochMillis.now
            try await client.seed([Events.envelope("trace-create", id: "env-t1-2", body: ["id": "t1", "sessionId": "late"], timestamp: At.noon(30))], auth: app.a.basic)
            let reply = try await session(client, "late", auth: app.a.basic)
            #expect(reply.status == 200, "\(reply)")
            let createdAt = try #require(reply.json["createdAt"]?.stringValue.flatMap(ISO8601.parse))
            #expect(createdAt >= before, "\(reply)")
            #expect(reply.json["environment"] == "dev")
            #expect(reply.json["traces"]?.arrayValue?.map { $0["id"] } == ["t1"])
        }
    }

    @Test func listIsNewestFirstWithPages() async throws {
        try await TestApp.run { app, client in
            try await Self.seedThree(client, app.a.basic)
            let all = try await client.list(Self.path, auth: app.a.basic)
            #expect(all.status == 200, "\(all)")
            #expect(all.ids == ["sC", "sB", "sA"])
            #expect(all.json["meta"] == ["page": 1, "limit": 50, "totalItems": 3, "totalPages": 1])
            #expect(all.items.map { $0["environment"] } == ["staging", "production", "staging"])
            #expect(all.items.allSatisfy { $0.keySet == ["id", "createdAt", "projectId", "environment"] })
            let first = try await client.list(Self.path, [("limit", "2")], auth: app.a.basic)
            #expect(first.ids == ["sC", "sB"])
            #expect(first.json["meta"] == ["page": 1, "limit": 2, "totalItems": 3, "totalPages": 2])
            let second = try await client.list(Self.path, [("limit", "2"), ("page", "2")], auth: app.a.basic)
            #expect(second.ids == ["sA"])
            #expect(second.json["meta"] == ["page": 2, "limit": 2, "totalItems": 3, "totalPages": 2])
            let third = try await client.list(Self.path, [("limit", "2"), ("page", "3")], auth: app.a.basic)
            #expect(third.ids == [])
        }
    }

    /// Sessions created by one request share their creation time; ties go by id, descending.
    @Test func sessionsOfOneRequestAreOrderedById() async throws {
        try await TestApp.run { app, client in
            try await client.seed([
                Events.trace("t1", ["sessionId": "m"]), Events.trace("t2", ["sessionId": "z"]), Events.trace("t3", ["sessionId": "a"]),
            ], auth: app.a.basic)
            let reply = try await client.list(Self.path, auth: app.a.basic)
            #expect(reply.ids == ["z", "m", "a"])
            let createdAt = Set(reply.items.compactMap { $0["createdAt"]?.stringValue })
            #expect(createdAt.count == 1)
        }
    }

    @Test func fromIsInclusiveAndToExclusiveOnCreatedAt() async throws {
        try await TestApp.run { app, client in
            try await Self.seedThree(client, app.a.basic)
            let all = try await client.list(Self.path, auth: app.a.basic)
            let created = Dictionary(uniqueKeysWithValues: all.items.map { ($0["id"]?.stringValue ?? "", $0["createdAt"]?.stringValue ?? "") })
            let b = try #require(created["sB"]), c = try #require(created["sC"])
            #expect(try await client.list(Self.path, [("fromTimestamp", b)], auth: app.a.basic).ids == ["sC", "sB"])
            #expect(try await client.list(Self.path, [("toTimestamp", b)], auth: app.a.basic).ids == ["sA"])
            #expect(try await client.list(Self.path, [("fromTimestamp", b), ("toTimestamp", c)], auth: app.a.basic).ids == ["sB"])
            let range = try await client.list(Self.path, [("fromTimestamp", b), ("toTimestamp", c)], auth: app.a.basic)
            #expect(range.totalItems == 1)
            // The traces' own timestamps (March 2026) play no part.
            #expect(try await client.list(Self.path, [("toTimestamp", "2026-03-02T00:00:00Z")], auth: app.a.basic).ids.count
                    == (EpochMillis.now < ISO8601.parse("2026-03-02T00:00:00Z")! ? 3 : 0))
            #expect(try await client.list(Self.path, [("fromTimestamp", "2000-01-01T00:00:00Z")], auth: app.a.basic).ids == ["sC", "sB", "sA"])
        }
    }

    @Test func environmentIsAnyOfTheFirstTracesEnvironment() async throws {
        try await TestApp.run { app, client in
            try await Self.seedThree(client, app.a.basic)
            #expect(try await client.list(Self.path, [("environment", "staging")], auth: app.a.basic).ids == ["sC", "sA"])
            #expect(try await client.list(Self.path, [("environment", "production")], auth: app.a.basic).ids == ["sB"])
            #expect(try await client.list(Self.path, [("environment", "production"), ("environment", "staging")], auth: app.a.basic).ids == ["sC", "sB", "sA"])
            #expect(try await client.list(Self.path, [("environment", "production,staging")], auth: app.a.basic).ids == ["sC", "sB", "sA"])
            #expect(try await client.list(Self.path, [("environment", "nowhere")], auth: app.a.basic).ids == [])
            let staged = try await client.list(Self.path, [("environment", "staging"), ("limit", "1")], auth: app.a.basic)
            #expect(staged.json["meta"] == ["page": 1, "limit": 1, "totalItems": 2, "totalPages": 2])
        }
    }

    @Test func getReturnsTheSessionWithAllItsTraces() async throws {
        try await TestApp.run { app, client in
            try await Self.seedThree(client, app.a.basic)
            let reply = try await session(client, "sB", auth: app.a.basic)
            #expect(reply.status == 200, "\(reply)")
            #expect(reply.json.keySet == ["id", "createdAt", "projectId", "environment", "traces"])
            #expect(reply.json["id"] == "sB")
            #expect(reply.json["environment"] == "production")
            let traces = try #require(reply.json["traces"]?.arrayValue)
            #expect(Set(traces.compactMap { $0["id"]?.stringValue }) == ["tb", "tb2"])
            let tb = try #require(traces.first { $0["id"] == "tb" })
            #expect(tb["sessionId"] == "sB")
            #expect(tb["timestamp"] == "2026-03-01T00:00:00.000Z")
            #expect(tb["environment"] == "production")
            #expect(tb["projectId"] == .string(app.a.id))
            #expect(tb["tags"] == [])
            #expect(tb["public"] == false)
            let listed = try await client.list(Self.path, [("limit", "100")], auth: app.a.basic)
            #expect(listed.items.first { $0["id"] == "sB" }?["createdAt"] == reply.json["createdAt"])
        }
    }

    @Test func idsWithReservedCharacters() async throws {
        try await TestApp.run { app, client in
            try await client.seed([Events.trace("t1", ["sessionId": "chat/42 ü?#"])], auth: app.a.basic)
            let reply = try await session(client, "chat/42 ü?#", auth: app.a.basic)
            #expect(reply.status == 200, "\(reply)")
            #expect(reply.json["id"] == "chat/42 ü?#")
            #expect(reply.json["traces"]?.arrayValue?.map { $0["id"] } == ["t1"])
        }
    }

    @Test func unknownSessionIs404() async throws {
        try await TestApp.run { app, client in
            try await Self.seedThree(client, app.a.basic)
            for id in ["nope", "sb", "SB", "ta"] {
                let reply = try await session(client, id, auth: app.a.basic)
                #expect(reply.status == 404, "\(id): \(reply)")
                #expect(reply.json == ["message": "Session not found within authorized project", "error": "LangfuseNotFoundError"])
            }
        }
    }

    /// Deleting a session's only trace removes the session; deleting one of two keeps it.
    @Test func deletingTracesRemovesAnEmptySession() async throws {
        try await TestApp.run { app, client in
            try await Self.seedThree(client, app.a.basic)
            let deleteA = try await client.send(.delete, "/api/public/traces/ta", auth: app.a.basic)
            #expect(deleteA.status == 200, "\(deleteA)")
            let deleteB = try await client.send(.delete, "/api/public/traces/tb", auth: app.a.basic)
            #expect(deleteB.status == 200, "\(deleteB)")
            #expect(try await session(client, "sA", auth: app.a.basic).status == 404)
            let b = try await session(client, "sB", auth: app.a.basic)
            #expect(b.status == 200)
            #expect(b.json["traces"]?.arrayValue?.map { $0["id"] } == ["tb2"])
            #expect(try await client.list(Self.path, auth: app.a.basic).ids == ["sC", "sB"])
        }
    }
}
