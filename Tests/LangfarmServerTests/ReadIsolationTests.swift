import Foundation
import LangfarmCore
import Testing
@testable import LangfarmServer

/// Project isolation of every read: project B holds the same trace, observation, score and
/// session ids, user ids, names, tags, metadata and score names as project A, plus rows of its
/// own; every list, get, filter, total and cursor of one project answers exactly as if the other
/// project did not exist. Read endpoints also refuse requests without a project key.
@Suite struct ReadIsolationTests {
    /// The same rows as A (TraceListEndpointTests.seed), then B's own: its t1 gets other
    /// metadata, another observation (ERROR, cost 100) and a score; and a trace bx1 with A's
    /// user, name, session, tags, metadata and score names; and a session s3 of its own.
    static func seedB(_ client: TestClient, _ auth: String) async throws {
        try await TraceListEndpointTests.seed(client, auth)
        try await client.seed([
            Events.envelope("trace-create", id: "b-t1-update", body: ["id": "t1", "metadata": ["team": "b-team"], "release": "rb"], timestamp: At.noon(20)),
            Events.observation("generation-create", "b-obs", traceId: "t1", [
                "startTime": .string(At.noon(1)), "endTime": .string(At.noon(9)), "level": "ERROR", "costDetails": ["total": 100],
                "input": "b secret", "metadata": ["team": "search"],
            ]),
            Events.score("b-acc", traceId: "t1", name: "accuracy", value: 0.01),
            Events.trace("bx1", [
                "name": "chat", "userId": "u1", "sessionId": "s1", "tags": ["a", "b"], "metadata": ["team": "search"],
                "environment": "production", "version": "v1", "release": "r1", "timestamp": .string(At.noon(10)),
            ]),
            Events.observation("span-create", "bx1-span", traceId: "bx1", ["startTime": .string(At.noon(10)), "name": "retrieve", "metadata": ["team": "search"]]),
            Events.score("bx1-acc", traceId: "bx1", name: "accuracy", value: 0.95),
            Events.score("bx1-sent", ["traceId": "bx1", "name": "sentiment", "value": "positive", "dataType": "CATEGORICAL"]),
            Events.score("bx1-correct", ["traceId": "bx1", "name": "correct", "value": 1, "dataType": "BOOLEAN"]),
            Events.score("b-session-score", ["sessionId": "s1", "name": "accuracy", "value": 0.2]),
            Events.trace("bs3", ["sessionId": "s3"]),
        ], auth: auth)
    }

    /// A's own later rows (to prove B's reads ignore them too).
    static func seedMoreA(_ client: TestClient, _ auth: String) async throws {
        try await client.seed([
            Events.trace("ax1", ["name": "chat", "userId": "u1", "sessionId": "s3", "tags": ["a", "b"], "metadata": ["team": "search"], "timestamp": .string(At.noon(11))]),
            Events.observation("span-create", "ax1-span", traceId: "ax1", ["startTime": .string(At.noon(11)), "name": "retrieve"]),
            Events.score("ax1-acc", traceId: "ax1", name: "accuracy", value: 0.5),
            Events.score("a-session-score", ["sessionId": "s3", "name": "accuracy", "value": 0.3]),
        ], auth: auth)
    }

    /// Every read the API offers, by label: lists with each parameter and filter kind, gets,
    /// and whole cursor walks.
    static let reads: [(String, String)] = {
        func filtered(_ path: String, _ conditions: [JSONValue]) -> String { ReadQuery.path(path, [("filter", Filter.text(conditions))]) }
        let traces = "/api/public/traces", obs = "/api/public/observations", obs2 = "/api/public/v2/observations"
        let scores = "/api/public/scores", scores2 = "/api/public/v2/scores", scores3 = "/api/public/v3/scores"
        var reads: [(String, String)] = [
            ("traces", traces),
            ("traces userId", "\(traces)?userId=u1"),
            ("traces name", "\(traces)?name=chat"),
            ("traces sessionId", "\(traces)?sessionId=s1"),
            ("traces tags", "\(traces)?tags=a&tags=b"),
            ("traces environment", "\(traces)?environment=production"),
            ("traces version and release", "\(traces)?version=v1&release=r1"),
            ("traces time", "\(traces)?fromTimestamp=2026-03-01T12:00:00Z&toTimestamp=2026-03-01T13:00:00Z"),
            ("traces orderBy", "\(traces)?orderBy=userId.asc&limit=3&page=2"),
            ("traces fields", "\(traces)?fields=core,metrics"),
            ("traces metadata =", filtered(traces, [Filter.metadata("team", "=", "search")])),
            ("traces metadata b-team", filtered(traces, [Filter.metadata("team", "=", "b-team")])),
            ("traces metadata contains", filtered(traces, [Filter.metadata("team", "contains", "search")])),
            ("traces tags any of", filtered(traces, [Filter.options("tags", "any of", ["a"], type: "arrayOptions")])),
            ("traces tags none of", filtered(traces, [Filter.options("tags", "none of", ["c"], type: "arrayOptions")])),
            ("traces level", filtered(traces, [Filter.options("level", "any of", ["ERROR"])])),
            ("traces errorCount", filtered(traces, [Filter.number("errorCount", ">=", 1)])),
            ("traces latency", filtered(traces, [Filter.number("latency", ">", 4)])),
            ("traces totalCost", filtered(traces, [Filter.number("totalCost", ">", 1)])),
            ("traces scores_avg", filtered(traces, [Filter.condition("numberObject", "scores_avg", ">", 0.85, key: "accuracy")])),
            ("traces scores_avg low", filtered(traces, [Filter.condition("numberObject", "scores_avg", "<", 0.35, key: "accuracy")])),
            ("traces score_categories", filtered(traces, [Filter.condition("categoryOptions", "score_categories", "any of", ["positive"], key: "sentiment")])),
            ("traces score_booleans", filtered(traces, [Filter.condition("booleanObject", "score_booleans", "=", true, key: "correct")])),
            ("traces string filter", filtered(traces, [Filter.string("userId", "=", "u1"), Filter.string("name", "starts with", "ch")])),
            ("traces timestamp filter", filtered(traces, [Filter.datetime("timestamp", ">=", "2026-03-01T12:00:00Z")])),
            ("observations", obs),
            ("observations userId", "\(obs)?userId=u1"),
            ("observations traceId", "\(obs)?traceId=t1"),
            ("observations name", "\(obs)?name=retrieve"),
            ("observations level", "\(obs)?level=ERROR"),
            ("observations metadata", filtered(obs, [Filter.metadata("team", "=", "search")])),
            ("observations totalCost", filtered(obs, [Filter.number("totalCost", ">", 0)])),
            ("observations traceTags", filtered(obs, [Filter.options("traceTags", "all of", ["a", "b"], type: "arrayOptions")])),
            ("observations traceName", filtered(obs, [Filter.string("traceName", "=", "chat")])),
            ("v2 observations", "\(obs2)?fields=core,basic,io,metadata,usage,trace_context"),
            ("v2 observations userId", "\(obs2)?userId=u1"),
            ("v2 observations sessionId", "\(obs2)?sessionId=s1"),
            ("v2 observations roots", "\(obs2)?parentObservationId="),
            ("v2 observations traceName", filtered(obs2, [Filter.string("traceName", "=", "chat")])),
            ("v2 observations tags", filtered(obs2, [Filter.options("tags", "any of", ["a"], type: "arrayOptions")])),
            ("v2 observations metadata", filtered(obs2, [Filter.metadata("team", "=", "search")])),
            ("v2 observations input", filtered(obs2, [Filter.string("input", "matches", "secret")])),
            ("sessions", "/api/public/sessions"),
            ("sessions environment", "/api/public/sessions?environment=default"),
            ("scores v1", scores),
            ("scores v1 userId", "\(scores)?userId=u1"),
            ("scores v1 traceTags", "\(scores)?traceTags=a&traceTags=b"),
            ("scores v1 name and value", "\(scores)?name=accuracy&operator=%3E%3D&value=0"),
            ("scores v1 scoreIds", "\(scores)?scoreIds=t1-acc,b-acc,bx1-acc"),
            ("scores v2", scores2),
            ("scores v2 sessionId", "\(scores2)?sessionId=s1"),
            ("scores v2 traceId", "\(scores2)?traceId=t1"),
            ("scores v2 userId", "\(scores2)?userId=u1"),
            ("scores v2 metadata", filtered(scores2, [Filter.metadata("team", "=", "search")])),
            ("scores v3", "\(scores3)?fields=details,subject"),
            ("scores v3 name", "\(scores3)?name=accuracy"),
            ("scores v3 sessionId", "\(scores3)?sessionId=s1"),
            ("scores v3 traceId", "\(scores3)?traceId=t1,bx1"),
            ("scores v3 value", "\(scores3)?value=positive&dataType=CATEGORICAL"),
        ]
        for id in ["t1", "t3", "bx1", "ax1"] { reads.append(("trace \(id)", "\(traces)/\(id)")) }
        for id in ["t1-gen", "b-obs", "bx1-span", "ax1-span"] { reads.append(("observation \(id)", "\(obs)/\(id)")) }
        for id in ["s1", "s2", "s3"] { reads.append(("session \(id)", "/api/public/sessions/\(id)")) }
        for id in ["t1-acc", "b-acc", "s1-score", "b-session-score", "a-session-score"] {
            reads.append(("score v1 \(id)", "\(scores)/\(id)"))
            reads.append(("score v2 \(id)", "\(scores2)/\(id)"))
        }
        return reads
    }()

    /// Every read's status and body, plus whole cursor walks of the two cursor endpoints.
    static func snapshot(_ client: TestClient, _ auth: String) async throws -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for (label, path) in reads {
            let reply = try await client.get(path, auth: auth)
            #expect(reply.status != 500, "\(label): \(reply)")
            result[label] = ["status": .number(Double(reply.status)), "body": reply.json]
        }
        for (label, path, limit) in [("walk v2 observations", "/api/public/v2/observations", 2), ("walk v3 scores", "/api/public/v3/scores", 3)] {
            var ids: [JSONValue] = []
            var cursor: String?
            var pages = 0
            repeat {
                let reply = try await client.list(path, [("limit", "\(limit)")] + (cursor.map { [("cursor", $0)] } ?? []), auth: auth)
                ids += reply.ids.map(JSONValue.string)
                cursor = reply.cursor
                pages += 1
            } while cursor != nil && pages < 50
            result[label] = .array(ids)
        }
        return result
    }

    static func differences(_ before: [String: JSONValue], _ after: [String: JSONValue]) -> [String] {
        before.keys.sorted().filter { before[$0] != after[$0] }
    }

    @Test func anotherProjectsRowsChangeNoRead() async throws {
        try await TestApp.run { app, client in
            try await TraceListEndpointTests.seed(client, app.a.basic)
            let aAlone = try await Self.snapshot(client, app.a.basic)
            try await Self.seedB(client, app.b.basic)
            let aWithB = try await Self.snapshot(client, app.a.basic)
            let changedA = Self.differences(aAlone, aWithB)
            #expect(changedA.isEmpty, "A's reads changed when B wrote: \(changedA)")
            for label in changedA.prefix(5) {
                Issue.record("\(label):\n before \(aAlone[label]!.jsonText.prefix(600))\n after  \(aWithB[label]!.jsonText.prefix(600))")
            }

            let bAlone = try await Self.snapshot(client, app.b.basic)
            try await Self.seedMoreA(client, app.a.basic)
            let bWithA = try await Self.snapshot(client, app.b.basic)
            let changedB = Self.differences(bAlone, bWithA)
            #expect(changedB.isEmpty, "B's reads changed when A wrote: \(changedB)")
            for label in changedB.prefix(5) {
                Issue.record("\(label):\n before \(bAlone[label]!.jsonText.prefix(600))\n after  \(bWithA[label]!.jsonText.prefix(600))")
            }
        }
    }

    /// The snapshot's reads are meaningful: B's own rows answer them, A's do not.
    @Test func eachProjectSeesExactlyItsOwnRows() async throws {
        try await TestApp.run { app, client in
            try await TraceListEndpointTests.seed(client, app.a.basic)
            try await Self.seedB(client, app.b.basic)
            let a = app.a.basic, b = app.b.basic
            let traces = "/api/public/traces"

            #expect(try await client.list(traces, auth: a).totalItems == 5)
            #expect(try await client.list(traces, auth: b).totalItems == 7)
            #expect(try await client.list(traces, [("userId", "u1")], auth: a).ids == ["t3", "t1"])
            #expect(try await client.list(traces, [("userId", "u1")], auth: b).ids == ["bx1", "t3", "t1"])
            #expect(try await client.list(traces, filter: [Filter.metadata("team", "=", "b-team")], auth: a).ids == [])
            #expect(try await client.list(traces, filter: [Filter.metadata("team", "=", "b-team")], auth: b).ids == ["t1"])
            #expect(try await client.list(traces, filter: [Filter.options("level", "any of", ["ERROR"])], auth: a).ids == ["t2"])
            #expect(try await client.list(traces, filter: [Filter.options("level", "any of", ["ERROR"])], auth: b).ids == ["t2", "t1"])
            #expect(try await client.list(traces, filter: [Filter.condition("numberObject", "scores_avg", ">", 0.85, key: "accuracy")], auth: a).ids == ["t1"])
            #expect(try await client.list(traces, filter: [Filter.condition("numberObject", "scores_avg", ">", 0.85, key: "accuracy")], auth: b).ids == ["bx1"])

            let aT1 = try await client.trace("t1", auth: a).json, bT1 = try await client.trace("t1", auth: b).json
            #expect(aT1["totalCost"] == 3.75)
            #expect(bT1["totalCost"] == 103.75)
            #expect(aT1["latency"] == 5)
            #expect(bT1["latency"] == 480)
            #expect(aT1["metadata"] == ["team": "search", "attempt": 2])
            #expect(aT1["observations"]?.arrayValue?.map { $0["id"] } == ["t1-span", "t1-gen"])
            #expect(aT1["scores"]?.arrayValue?.compactMap { $0["id"]?.stringValue }.sorted() == ["t1-acc", "t1-correct", "t1-sent"])
            #expect(aT1["projectId"] == .string(app.a.id))
            #expect(bT1["projectId"] == .string(app.b.id))
            #expect(try await client.trace("bx1", auth: a).status == 404)
            #expect(try await client.observation("b-obs", auth: a).status == 404)

            let aSession = try await client.get("/api/public/sessions/s1", auth: a).json
            #expect(Set(aSession["traces"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []) == ["t1", "t3"])
            #expect(aSession["projectId"] == .string(app.a.id))
            #expect(try await client.get("/api/public/sessions/s3", auth: a).status == 404)
            #expect(try await client.list("/api/public/sessions", auth: a).ids == ["s2", "s1"])

            let aScores = try await client.list("/api/public/scores", [("userId", "u1")], auth: a)
            #expect(aScores.totalItems == 4)
            #expect(Set(aScores.ids) == ["t1-acc", "t1-correct", "t1-sent", "t3-acc"])
            let aT1Score = try #require(aScores.items.first { $0["id"] == "t1-acc" })
            #expect(aT1Score["trace"] == ["userId": "u1", "tags": ["a", "b"], "environment": "production", "sessionId": "s1"])
            let sessionScores = try await client.list("/api/public/v2/scores", [("sessionId", "s1")], auth: a)
            #expect(sessionScores.ids == ["s1-score"])
            #expect(try await client.list("/api/public/v3/scores", [("sessionId", "s1")], auth: a).ids == ["s1-score"])
            #expect(try await client.list("/api/public/v3/scores", [("traceId", "t1")], auth: a).ids.sorted() == ["t1-acc", "t1-correct", "t1-sent"])
            #expect(try await client.get("/api/public/v2/scores/b-acc", auth: a).status == 404)
            #expect(try await client.get("/api/public/scores/b-session-score", auth: a).status == 404)

            let v2 = try await client.list("/api/public/v2/observations", [("userId", "u1"), ("fields", "core,basic,usage")], auth: a)
            #expect(v2.ids == ["t3-event", "t1-gen", "t1-span"])
            #expect(v2.items.allSatisfy { $0["projectId"] == .string(app.a.id) })
            let matches = try await client.list("/api/public/v2/observations", filter: [Filter.string("input", "matches", "secret")], auth: a)
            #expect(matches.ids == [])
            #expect(try await client.list("/api/public/observations", [("traceId", "t1")], auth: a).totalItems == 2)
            #expect(try await client.list("/api/public/observations", [("traceId", "t1")], auth: b).totalItems == 3)
        }
    }

    /// Same position, other project: a cursor from B is refused for A even though A has rows
    /// at that very position.
    @Test func cursorsAreBoundToTheirProject() async throws {
        try await TestApp.run { app, client in
            try await TraceListEndpointTests.seed(client, app.a.basic)
            try await TraceListEndpointTests.seed(client, app.b.basic)
            for path in ["/api/public/v2/observations", "/api/public/v3/scores"] {
                let bPage = try await client.list(path, [("limit", "1")], auth: app.b.basic)
                let aPage = try await client.list(path, [("limit", "1")], auth: app.a.basic)
                #expect(aPage.ids == bPage.ids, "the same rows in both projects")
                let bCursor = try #require(bPage.cursor)
                let aCursor = try #require(aPage.cursor)
                #expect(aCursor != bCursor)
                let refused = try await client.list(path, [("limit", "1"), ("cursor", bCursor)], auth: app.a.basic)
                #expect(refused.status == 400, "\(path): \(refused)")
                #expect(refused.detail?.hasPrefix("cursor:") == true)
                #expect(try await client.list(path, [("limit", "1"), ("cursor", aCursor)], auth: app.a.basic).status == 200)
            }
        }
    }

    static let readPaths = [
        "/api/public/traces", "/api/public/traces/t1", "/api/public/observations", "/api/public/observations/t1-gen",
        "/api/public/v2/observations", "/api/public/sessions", "/api/public/sessions/s1", "/api/public/scores",
        "/api/public/scores/t1-acc", "/api/public/v2/scores", "/api/public/v2/scores/t1-acc", "/api/public/v3/scores",
    ]

    @Test(arguments: readPaths)
    func readsNeedAProjectKey(path: String) async throws {
        try await TestApp.run { app, client in
            try await TraceListEndpointTests.seed(client, app.a.basic)
            let none = try await client.get(path, auth: nil)
            #expect(none.status == 401, "\(none)")
            #expect(none.items.isEmpty)
            let wrongSecret = try await client.get(path, auth: TestApp.basic("\(app.a.publicKey):sk-lf-wrong"))
            #expect(wrongSecret.status == 401, "\(wrongSecret)")
            let crossed = try await client.get(path, auth: TestApp.basic("\(app.a.publicKey):\(app.b.secretKey)"))
            #expect(crossed.status == 401, "\(crossed)")
            let bearer = try await client.get(path, auth: app.a.bearer)
            #expect(bearer.status == 403, "a score-only key reads nothing: \(bearer)")
            #expect(bearer.items.isEmpty)
            #expect(try await client.get(path, auth: app.a.basic).status == 200)
        }
    }
}
