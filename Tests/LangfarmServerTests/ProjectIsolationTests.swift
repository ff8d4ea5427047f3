import Foundation
import LangfarmCore
import Testing

/// A key sees and changes its own project only; another project's rows look exactly like
/// missing ones.
@Suite struct ProjectIsolationTests {
    /// Project B gets a trace with an observation and a score.
    func seedB(_ app: TestApp, _ client: TestClient) async throws {
        let reply = try await client.ingest([
            Events.trace("shared", ["name": "b-trace", "userId": "b-user"]),
            Events.observation("generation-create", "b-obs", traceId: "shared", ["model": "gpt-4o"]),
            Events.score("b-score", traceId: "shared", value: 0.25),
        ], auth: app.b.basic)
        #expect(reply.json.ids("successes").count == 3, "\(reply)")
    }

    @Test func otherProjectsTraceIs404() async throws {
        try await TestApp.run { app, client in
            try await seedB(app, client)
            let reply = try await client.trace("shared", auth: app.a.basic)
            #expect(reply.status == 404, "\(reply)")
            #expect(reply.json == ["message": "Trace shared not found within authorized project", "error": "LangfuseNotFoundError"])
            #expect(try await client.trace("shared", auth: app.b.basic).status == 200)
        }
    }

    @Test func otherProjectsObservationIs404() async throws {
        try await TestApp.run { app, client in
            try await seedB(app, client)
            let reply = try await client.observation("b-obs", auth: app.a.basic)
            #expect(reply.status == 404, "\(reply)")
            #expect(reply.message == "Observation b-obs not found within authorized project")
            #expect(try await client.observation("b-obs", auth: app.b.basic).status == 200)
        }
    }

    @Test func cannotDeleteOtherProjectsScore() async throws {
        try await TestApp.run { app, client in
            try await seedB(app, client)
            let reply = try await client.send(.delete, "/api/public/scores/b-score", auth: app.a.basic)
            #expect(reply.status == 404, "\(reply)")
            let trace = try await client.trace("shared", auth: app.b.basic)
            #expect(trace.json["scores"]?.arrayValue?.map { $0["id"] } == ["b-score"])
            #expect(try await app.loggedEventCount(app.a) == 0)
        }
    }

    @Test func writingWithAnotherProjectsIdsCreatesOwnRows() async throws {
        try await TestApp.run { app, client in
            try await seedB(app, client)
            let bBefore = try await client.trace("shared", auth: app.b.basic)
            let bObservationBefore = try await client.observation("b-obs", auth: app.b.basic)

            let reply = try await client.ingest([
                Events.trace("shared", envelopeId: "a-trace", ["name": "a-trace", "userId": "a-user"]),
                Events.observation("span-create", "b-obs", traceId: "shared", envelopeId: "a-obs", ["name": "a-span"]),
                Events.score("b-score", traceId: "shared", value: 0.75, envelopeId: "a-score"),
            ], auth: app.a.basic)
            #expect(reply.json.ids("successes") == ["a-trace", "a-obs", "a-score"], "\(reply)")

            let aTrace = try await client.trace("shared", auth: app.a.basic)
            #expect(aTrace.status == 200)
            #expect(aTrace.json["name"] == "a-trace")
            #expect(aTrace.json["projectId"] == .string(app.a.id))
            #expect(aTrace.json["observations"]?.arrayValue?.map { $0["type"] } == ["SPAN"])
            #expect(aTrace.json["scores"]?[0]?["value"] == 0.75)

            let bAfter = try await client.trace("shared", auth: app.b.basic)
            #expect(bAfter.json == bBefore.json, "project A's writes must not touch project B's rows")
            #expect(try await client.observation("b-obs", auth: app.b.basic).json == bObservationBefore.json)
        }
    }

    /// Envelope ids are deduplicated per project: B's envelope id does not stop A's event.
    @Test func sameEnvelopeIdInTwoProjectsIsStoredInBoth() async throws {
        try await TestApp.run { app, client in
            let event = Events.trace("t1", envelopeId: "same-envelope", ["name": "x"])
            _ = try await client.ingest([event], auth: app.b.basic)
            let reply = try await client.ingest([event], auth: app.a.basic)
            #expect(reply.json.ids("successes") == ["same-envelope"])
            #expect(try await client.trace("t1", auth: app.a.basic).status == 200)
            #expect(try await client.trace("t1", auth: app.b.basic).status == 200)
        }
    }

    @Test func projectsListsOnlyTheKeysProject() async throws {
        try await TestApp.run { app, client in
            let reply = try await client.get("/api/public/projects", auth: app.b.basic)
            #expect(reply.status == 200)
            #expect(reply.json["data"]?.arrayValue?.map { $0["id"] } == [.string(app.b.id)])
            #expect(reply.json["data"]?[0]?["name"] == "Project B")
        }
    }
}
