import Foundation
import LangfarmCore
import Testing
@testable import LangfarmServer

/// `GET /api/public/traces/{traceId}?fields=…`: the groups of the list, with full observation
/// and score objects; excluded lists are `[]`, excluded numbers `-1`, without `io` no input,
/// output or metadata.
@Suite struct TraceDetailFieldsTests {
    func get(_ client: TestClient, _ app: TestApp, _ id: String, fields: String?) async throws -> Reply {
        try await client.list("/api/public/traces/\(id)", fields.map { [("fields", $0)] } ?? [], auth: app.a.basic)
    }

    static let cases: [(String?, Bool, [String], [String], JSONValue, JSONValue)] = [
        // fields, io, observation ids, score ids, latency, totalCost
        (nil, true, ["t1-span", "t1-gen"], ["t1-acc", "t1-correct", "t1-sent"], 5, 3.75),
        ("", true, ["t1-span", "t1-gen"], ["t1-acc", "t1-correct", "t1-sent"], 5, 3.75),
        ("core", false, [], [], -1, -1),
        ("io", true, [], [], -1, -1),
        ("observations", false, ["t1-span", "t1-gen"], [], -1, -1),
        ("scores", false, [], ["t1-acc", "t1-correct", "t1-sent"], -1, -1),
        ("metrics", false, [], [], 5, 3.75),
        ("core,observations,metrics", false, ["t1-span", "t1-gen"], [], 5, 3.75),
        (" io , scores ", true, [], ["t1-acc", "t1-correct", "t1-sent"], -1, -1),
        ("bogus", false, [], [], -1, -1),
        ("io,scores,observations,metrics", true, ["t1-span", "t1-gen"], ["t1-acc", "t1-correct", "t1-sent"], 5, 3.75),
    ]

    @Test(arguments: cases)
    func fieldsSelectGroups(fields: String?, io: Bool, observations: [String], scores: [String], latency: JSONValue, totalCost: JSONValue) async throws {
        try await TestApp.run { app, client in
            try await TraceListEndpointTests.seed(client, app.a.basic)
            let reply = try await get(client, app, "t1", fields: fields)
            #expect(reply.status == 200, "\(reply)")
            let trace = reply.json
            let label = "fields=\(fields ?? "(absent)")"
            #expect(trace["id"] == "t1", "\(label)")
            #expect(trace["name"] == "chat", "\(label)")
            #expect(trace["userId"] == "u1", "\(label)")
            #expect(trace["tags"] == ["a", "b"], "\(label)")
            #expect(trace["htmlPath"] == .string("/project/\(app.a.id)/traces/t1"), "\(label)")
            #expect(trace["input"] == (io ? ["q": "one"] : .null), "\(label)")
            #expect(trace["output"] == (io ? "first" : .null), "\(label)")
            #expect(trace["metadata"] == (io ? ["team": "search", "attempt": 2] : [:]), "\(label)")
            #expect(trace["observations"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == observations, "\(label)")
            #expect(trace["scores"]?.arrayValue?.compactMap { $0["id"]?.stringValue }.sorted() == scores, "\(label)")
            #expect(trace["latency"] == latency, "\(label)")
            #expect(trace["totalCost"] == totalCost, "\(label)")
        }
    }

    /// The groups hold whole objects: observations as the observation read gives them, scores
    /// with their values, including scores of the trace's observations.
    @Test func groupsHoldFullObjects() async throws {
        try await TestApp.run { app, client in
            try await TraceListEndpointTests.seed(client, app.a.basic)
            let reply = try await get(client, app, "t1", fields: "observations,scores")
            let generation = try #require(reply.json["observations"]?.arrayValue?.first { $0["id"] == "t1-gen" })
            #expect(generation == (try await client.observation("t1-gen", auth: app.a.basic)).json)
            #expect(generation["level"] == "WARNING")
            #expect(generation["costDetails"] == ["input": 1.5, "output": 2.25, "total": 3.75])
            let sentiment = try #require(reply.json["scores"]?.arrayValue?.first { $0["id"] == "t1-sent" })
            #expect(sentiment["stringValue"] == "positive")
            #expect(sentiment["dataType"] == "CATEGORICAL")
            #expect(sentiment["value"] == 0)

            let t3 = try await get(client, app, "t3", fields: "scores")
            #expect(t3.json["scores"]?.arrayValue?.map { $0["id"] } == ["t3-acc"])
            #expect(t3.json["scores"]?[0]?["observationId"] == "t3-event")
            #expect(t3.json["scores"]?[0]?["value"] == 0.8)
        }
    }

    @Test func traceWithoutObservationsHasZeroMetricsUnlessExcluded() async throws {
        try await TestApp.run { app, client in
            try await TraceListEndpointTests.seed(client, app.a.basic)
            let all = try await get(client, app, "t4", fields: nil)
            #expect(all.json["latency"] == 0)
            #expect(all.json["totalCost"] == 0)
            #expect(all.json["observations"] == [])
            let excluded = try await get(client, app, "t4", fields: "core")
            #expect(excluded.json["latency"] == -1)
            #expect(excluded.json["totalCost"] == -1)
        }
    }

    @Test func missingTraceIs404WhateverTheFields() async throws {
        try await TestApp.run { app, client in
            try await TraceListEndpointTests.seed(client, app.a.basic)
            for fields in [nil, "core", "io,observations"] as [String?] {
                let reply = try await get(client, app, "nope", fields: fields)
                #expect(reply.status == 404, "\(reply)")
                #expect(reply.json == ["message": "Trace nope not found within authorized project", "error": "LangfuseNotFoundError"])
            }
        }
    }

    /// The session score (on t1's session) is not one of the trace's scores.
    @Test func sessionScoresAreNotTheTraces() async throws {
        try await TestApp.run { app, client in
            try await TraceListEndpointTests.seed(client, app.a.basic)
            let reply = try await get(client, app, "t1", fields: nil)
            #expect(reply.json["scores"]?.arrayValue?.contains { $0["id"] == "s1-score" } == false)
            #expect(reply.json["scores"]?.arrayValue?.count == 3)
        }
    }
}
