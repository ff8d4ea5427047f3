import Foundation
import LangfarmCore
import Testing
@testable import LangfarmServer

/// The score reads: v1 `GET /api/public/scores` (trace scores of the types SDK 2 parses, with
/// their trace), v2 `GET /api/public/v2/scores` (every score, `fields`, `filter`), v3
/// `GET /api/public/v3/scores` (typed value, groups, CSV filters, Langfuse's parameter rules,
/// cursor pages), and reads by id.
@Suite struct ScoreReadEndpointTests {
    static let v1 = "/api/public/scores"
    static let v2 = "/api/public/v2/scores"
    static let v3 = "/api/public/v3/scores"

    /// Traces tr1 (u1, tags a b, production, session s1; observation ob1) and tr2 (u2, tag a,
    /// staging). Scores, newest first:
    ///
    /// | id  | time  | type        | name      | value          | on            | source     | env        |
    /// | ss1 | 12:08 | NUMERIC     | accuracy  | 0.5            | session s1    | API        | default    |
    /// | k1  | 12:07 | CORRECTION  | output    | "fixed output" | tr1           | API        | default    |
    /// | x1  | 12:06 | TEXT        | note      | "looks fine"   | tr1           | API        | default    |
    /// | n1  | 12:05 | NUMERIC     | accuracy  | 0.9            | tr1           | API        | production |
    /// | n2  | 12:04 | NUMERIC     | accuracy  | 0.3            | tr2           | EVAL       | staging    |
    /// | c1  | 12:03 | CATEGORICAL | sentiment | "positive"     | tr1           | ANNOTATION | default    |
    /// | b1  | 12:02 | BOOLEAN     | correct   | 1              | tr1 / ob1     | API        | default    |
    /// | dr1 | 12:01 | NUMERIC     | accuracy  | 0.7            | dataset run   | API        | default    |
    /// | b2  | 12:00 | BOOLEAN     | correct   | 0              | tr2           | API        | staging    |
    static func seed(_ client: TestClient, _ auth: String) async throws {
        try await client.seed([
            Events.trace("tr1", ["userId": "u1", "tags": ["a", "b"], "environment": "production", "sessionId": "s1"]),
            Events.trace("tr2", ["userId": "u2", "tags": ["a"], "environment": "staging"]),
            Events.observation("span-create", "ob1", traceId: "tr1"),
            Events.score("ss1", ["sessionId": "s1", "name": "accuracy", "value": 0.5, "timestamp": .string(At.noon(8))]),
            Events.score("k1", ["traceId": "tr1", "name": "anything", "value": "fixed output", "dataType": "CORRECTION", "timestamp": .string(At.noon(7))]),
            Events.score("x1", ["traceId": "tr1", "name": "note", "value": "looks fine", "dataType": "TEXT", "timestamp": .string(At.noon(6))]),
            Events.score("n1", [
                "traceId": "tr1", "name": "accuracy", "value": 0.9, "timestamp": .string(At.noon(5)), "environment": "production",
                "comment": "good", "metadata": ["run": "r1"],
            ]),
            Events.score("n2", [
                "traceId": "tr2", "name": "accuracy", "value": 0.3, "timestamp": .string(At.noon(4)), "environment": "staging",
                "source": "EVAL", "metadata": ["run": "r2"],
            ]),
            Events.score("c1", [
                "traceId": "tr1", "name": "sentiment", "value": "positive", "dataType": "CATEGORICAL", "timestamp": .string(At.noon(3)),
                "source": "ANNOTATION", "configId": "cfg-1", "queueId": "q1",
            ]),
            Events.score("b1", ["traceId": "tr1", "observationId": "ob1", "name": "correct", "value": 1, "dataType": "BOOLEAN", "timestamp": .string(At.noon(2))]),
            Events.score("dr1", ["datasetRunId": "run-1", "name": "accuracy", "value": 0.7, "timestamp": .string(At.noon(1))]),
            Events.score("b2", ["traceId": "tr2", "name": "correct", "value": 0, "dataType": "BOOLEAN", "timestamp": .string(At.noon(0)), "environment": "staging"]),
        ], auth: auth)
    }

    static let allIds = ["ss1", "k1", "x1", "n1", "n2", "c1", "b1", "dr1", "b2"]
    static let v1Ids = ["n1", "n2", "c1", "b1", "b2"]

    // MARK: v1

    @Test func v1ListsTraceScoresOfClassicTypesOnly() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.v1, auth: app.a.basic)
            #expect(reply.status == 200, "\(reply)")
            #expect(reply.ids == Self.v1Ids)
            #expect(reply.json["meta"] == ["page": 1, "limit": 50, "totalItems": 5, "totalPages": 1])
            // Even when asked for, the types and targets SDK 2 cannot parse stay out.
            #expect(try await client.list(Self.v1, [("dataType", "TEXT")], auth: app.a.basic).ids == [])
            #expect(try await client.list(Self.v1, [("dataType", "CORRECTION")], auth: app.a.basic).ids == [])
            #expect(try await client.list(Self.v1, [("name", "accuracy")], auth: app.a.basic).ids == ["n1", "n2"])
        }
    }

    @Test func v1ItemsCarryTheirTrace() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.v1, auth: app.a.basic)
            let byId = Dictionary(uniqueKeysWithValues: reply.items.map { ($0["id"]?.stringValue ?? "", $0) })
            #expect(byId["n1"]?["trace"] == ["userId": "u1", "tags": ["a", "b"], "environment": "production", "sessionId": "s1"])
            #expect(byId["n2"]?["trace"] == ["userId": "u2", "tags": ["a"], "environment": "staging", "sessionId": nil])
            var n1 = try #require(byId["n1"]?.objectValue)
            #expect(n1["createdAt"]?.stringValue.flatMap(ISO8601.parse) != nil)
            #expect(n1["updatedAt"]?.stringValue.flatMap(ISO8601.parse) != nil)
            n1["createdAt"] = nil
            n1["updatedAt"] = nil
            #expect(JSONValue.object(n1) == [
                "id": "n1", "projectId": .string(app.a.id), "name": "accuracy", "value": 0.9, "stringValue": nil, "dataType": "NUMERIC",
                "source": "API", "comment": "good", "traceId": "tr1", "observationId": nil, "sessionId": nil, "datasetRunId": nil,
                "environment": "production", "metadata": ["run": "r1"], "configId": nil, "queueId": nil, "authorUserId": nil,
                "timestamp": "2026-03-01T12:05:00.000Z",
                "trace": ["userId": "u1", "tags": ["a", "b"], "environment": "production", "sessionId": "s1"],
            ])
            #expect(byId["b1"]?["value"] == 1)
            #expect(byId["b1"]?["stringValue"] == "True")
            #expect(byId["b1"]?["observationId"] == "ob1")
            #expect(byId["b2"]?["stringValue"] == "False")
            #expect(byId["c1"]?["value"] == 0)
            #expect(byId["c1"]?["stringValue"] == "positive")
            #expect(byId["c1"]?["source"] == "ANNOTATION")
        }
    }

    static let v1Cases: [(String, [(String, String)], [String])] = [
        ("userId is the trace's", [("userId", "u1")], ["n1", "c1", "b1"]),
        ("name", [("name", "correct")], ["b1", "b2"]),
        ("source", [("source", "EVAL")], ["n2"]),
        ("source in lower case", [("source", "annotation")], ["c1"]),
        ("dataType", [("dataType", "BOOLEAN")], ["b1", "b2"]),
        ("operator >= and value", [("operator", ">="), ("value", "0.5")], ["n1", "b1"]),
        ("operator <", [("operator", "<"), ("value", "0.5")], ["n2", "c1", "b2"]),
        ("value alone is =", [("value", "1")], ["b1"]),
        ("operator !=", [("operator", "!="), ("value", "0")], ["n1", "n2", "b1"]),
        ("operator <=", [("operator", "<="), ("value", "0.3")], ["n2", "c1", "b2"]),
        ("operator >", [("operator", ">"), ("value", "0.9")], ["b1"]),
        ("operator without value", [("operator", ">")], ["n1", "n2", "c1", "b1", "b2"]),
        ("scoreIds CSV", [("scoreIds", "n1,b2,ss1,x1")], ["n1", "b2"]),
        ("scoreIds with spaces", [("scoreIds", "c1, b1")], ["c1", "b1"]),
        ("traceTags all of", [("traceTags", "a"), ("traceTags", "b")], ["n1", "c1", "b1"]),
        ("traceTags one", [("traceTags", "a")], ["n1", "n2", "c1", "b1", "b2"]),
        ("traceTags unknown", [("traceTags", "a"), ("traceTags", "zzz")], []),
        ("environment any of", [("environment", "staging"), ("environment", "production")], ["n1", "n2", "b2"]),
        ("fromTimestamp inclusive", [("fromTimestamp", "2026-03-01T12:02:00Z")], ["n1", "n2", "c1", "b1"]),
        ("toTimestamp exclusive", [("toTimestamp", "2026-03-01T12:03:00Z")], ["b1", "b2"]),
        ("configId", [("configId", "cfg-1")], ["c1"]),
        ("queueId", [("queueId", "q1")], ["c1"]),
        ("ANDed", [("userId", "u1"), ("dataType", "NUMERIC")], ["n1"]),
    ]

    @Test(arguments: v1Cases)
    func v1Filter(label: String, pairs: [(String, String)], expected: [String]) async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.v1, pairs, auth: app.a.basic)
            reply.expectListed(expected, label)
        }
    }

    @Test func v1Pages() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            var seen: [String] = []
            for page in 1...3 {
                let reply = try await client.list(Self.v1, [("limit", "2"), ("page", "\(page)")], auth: app.a.basic)
                #expect(reply.json["meta"] == ["page": .number(Double(page)), "limit": 2, "totalItems": 5, "totalPages": 3])
                seen += reply.ids
            }
            #expect(seen == Self.v1Ids)
        }
    }

    /// A score of a trace that has no row yet still has a `trace` object (SDK 2 requires it).
    @Test func v1ScoreOfATraceWithoutRow() async throws {
        try await TestApp.run { app, client in
            try await client.seed([Events.score("orphan", traceId: "ghost", value: 0.5)], auth: app.a.basic)
            let reply = try await client.list(Self.v1, auth: app.a.basic)
            #expect(reply.ids == ["orphan"])
            #expect(reply.items.first?["trace"] == ["userId": nil, "tags": [], "environment": nil, "sessionId": nil])
            #expect(try await client.list(Self.v1, [("userId", "anyone")], auth: app.a.basic).ids == [])
        }
    }

    // MARK: v2

    @Test func v2ListsEveryScore() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.v2, auth: app.a.basic)
            #expect(reply.status == 200, "\(reply)")
            #expect(reply.ids == Self.allIds)
            #expect(reply.json["meta"] == ["page": 1, "limit": 50, "totalItems": 9, "totalPages": 1])
            let byId = Dictionary(uniqueKeysWithValues: reply.items.map { ($0["id"]?.stringValue ?? "", $0) })
            #expect(byId["ss1"]?["trace"] == .null)
            #expect(byId["ss1"]?["sessionId"] == "s1")
            #expect(byId["ss1"]?["traceId"] == .null)
            #expect(byId["dr1"]?["trace"] == .null)
            #expect(byId["dr1"]?["datasetRunId"] == "run-1")
            #expect(byId["x1"]?["trace"] == ["userId": "u1", "tags": ["a", "b"], "environment": "production", "sessionId": "s1"])
            #expect(byId["x1"]?["stringValue"] == "looks fine")
            #expect(byId["x1"]?["dataType"] == "TEXT")
            #expect(byId["k1"]?["name"] == "output", "a correction is stored under Langfuse's name")
            #expect(byId["k1"]?["stringValue"] == "fixed output")
            #expect(byId["k1"]?["dataType"] == "CORRECTION")
        }
    }

    @Test func v2FieldsScoreLeavesTraceOut() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            for fields in ["score", " score ", "score,bogus"] {
                let reply = try await client.list(Self.v2, [("fields", fields)], auth: app.a.basic)
                #expect(reply.status == 200, "\(fields): \(reply)")
                #expect(reply.ids == Self.allIds)
                #expect(reply.items.allSatisfy { $0["trace"] == nil }, "\(fields): \(reply)")
            }
            let both = try await client.list(Self.v2, [("fields", "score,trace")], auth: app.a.basic)
            #expect(both.items.allSatisfy { $0["trace"] != nil })
            let withUser = try await client.list(Self.v2, [("fields", "score,trace"), ("userId", "u1")], auth: app.a.basic)
            #expect(withUser.ids == ["k1", "x1", "n1", "c1", "b1"])
        }
    }

    static let v2Refusals: [(String, [(String, String)], String)] = [
        ("fields without score", [("fields", "trace")], "fields"),
        ("fields without score, unknown", [("fields", "bogus")], "fields"),
        ("userId without trace", [("fields", "score"), ("userId", "u1")], "userId"),
        ("traceTags without trace", [("fields", "score"), ("traceTags", "a")], "traceTags"),
    ]

    @Test(arguments: v2Refusals)
    func v2FieldRules(label: String, pairs: [(String, String)], parameter: String) async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.v2, pairs, auth: app.a.basic)
            #expect(reply.status == 400, "\(label): \(reply)")
            #expect(reply.detail?.hasPrefix("\(parameter):") == true, "\(label): \(reply)")
        }
    }

    static let v2Cases: [(String, [(String, String)], [String])] = [
        ("sessionId", [("sessionId", "s1")], ["ss1"]),
        ("traceId", [("traceId", "tr1")], ["k1", "x1", "n1", "c1", "b1"]),
        ("observationId", [("observationId", "ob1")], ["b1"]),
        ("observationId CSV", [("observationId", "nope,ob1")], ["b1"]),
        ("datasetRunId", [("datasetRunId", "run-1")], ["dr1"]),
        ("dataType TEXT", [("dataType", "TEXT")], ["x1"]),
        ("dataType CORRECTION", [("dataType", "correction")], ["k1"]),
        ("userId", [("userId", "u2")], ["n2", "b2"]),
        ("traceTags all of", [("traceTags", "b"), ("traceTags", "a")], ["k1", "x1", "n1", "c1", "b1"]),
        ("name", [("name", "accuracy")], ["ss1", "n1", "n2", "dr1"]),
        ("scoreIds", [("scoreIds", "ss1,dr1")], ["ss1", "dr1"]),
        ("operator and value", [("operator", ">="), ("value", "0.5")], ["ss1", "n1", "b1", "dr1"]),
    ]

    @Test(arguments: v2Cases)
    func v2Filter(label: String, pairs: [(String, String)], expected: [String]) async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.v2, pairs, auth: app.a.basic)
            reply.expectListed(expected, label)
        }
    }

    static let v2MetadataCases: [(String, [JSONValue], [String])] = [
        ("=", [Filter.metadata("run", "=", "r1")], ["n1"]),
        ("contains", [Filter.metadata("run", "contains", "r")], ["n1", "n2"]),
        ("starts with", [Filter.metadata("run", "starts with", "r2")], ["n2"]),
        ("ends with", [Filter.metadata("run", "ends with", "1")], ["n1"]),
        ("unknown key", [Filter.metadata("nope", "=", "r1")], []),
        ("with a simple parameter", [Filter.metadata("run", "contains", "r")], ["n2"]),
    ]

    @Test(arguments: v2MetadataCases)
    func v2MetadataFilter(label: String, conditions: [JSONValue], expected: [String]) async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let pairs: [(String, String)] = label.contains("simple") ? [("source", "EVAL")] : []
            let reply = try await client.list(Self.v2, filter: conditions, pairs, auth: app.a.basic)
            reply.expectListed(expected, label, counted: false)
        }
    }

    // MARK: v3

    static let v3CoreKeys: Set<String> = ["id", "projectId", "name", "source", "dataType", "timestamp", "environment", "createdAt", "updatedAt", "value"]

    @Test func v3ValuesAreTypedByDataType() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.v3, auth: app.a.basic)
            #expect(reply.status == 200, "\(reply)")
            #expect(reply.ids == Self.allIds)
            #expect(reply.json["meta"] == ["limit": 50])
            let values = Dictionary(uniqueKeysWithValues: reply.items.map { ($0["id"]?.stringValue ?? "", $0["value"] ?? nil) })
            #expect(values == [
                "ss1": 0.5, "k1": "fixed output", "x1": "looks fine", "n1": 0.9, "n2": 0.3, "c1": "positive", "b1": true, "dr1": 0.7, "b2": false,
            ])
            #expect(reply.items.allSatisfy { $0.keySet == Self.v3CoreKeys }, "\(reply)")
            let n2 = try #require(reply.items.first { $0["id"] == "n2" })
            #expect(n2["projectId"] == .string(app.a.id))
            #expect(n2["source"] == "EVAL")
            #expect(n2["dataType"] == "NUMERIC")
            #expect(n2["environment"] == "staging")
            #expect(n2["timestamp"] == "2026-03-01T12:04:00.000Z")
        }
    }

    static let v3GroupCases: [(String, Set<String>)] = [
        ("core", []),
        ("details", ["comment", "configId", "metadata"]),
        ("subject", ["subject"]),
        ("annotation", ["authorUserId", "queueId"]),
        ("details,subject,annotation", ["comment", "configId", "metadata", "subject", "authorUserId", "queueId"]),
        (" subject , core ", ["subject"]),
    ]

    @Test(arguments: v3GroupCases)
    func v3Groups(fields: String, extra: Set<String>) async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.v3, [("fields", fields)], auth: app.a.basic)
            #expect(reply.status == 200, "\(fields): \(reply)")
            #expect(reply.items.count == 9)
            #expect(reply.items.allSatisfy { $0.keySet == Self.v3CoreKeys.union(extra) }, "\(fields): \(reply)")
        }
    }

    @Test func v3GroupValues() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.v3, [("fields", "details,subject,annotation")], auth: app.a.basic)
            let byId = Dictionary(uniqueKeysWithValues: reply.items.map { ($0["id"]?.stringValue ?? "", $0) })
            #expect(byId["n1"]?["comment"] == "good")
            #expect(byId["n1"]?["metadata"] == ["run": "r1"])
            #expect(byId["n1"]?["configId"] == .null)
            #expect(byId["c1"]?["configId"] == "cfg-1")
            #expect(byId["c1"]?["queueId"] == "q1")
            #expect(byId["c1"]?["authorUserId"] == .null)
            #expect(byId["n1"]?["subject"] == ["kind": "trace", "id": "tr1"])
            #expect(byId["b1"]?["subject"] == ["kind": "observation", "id": "ob1", "traceId": "tr1"])
            #expect(byId["ss1"]?["subject"] == ["kind": "session", "id": "s1"])
            #expect(byId["dr1"]?["subject"] == ["kind": "experiment", "id": "run-1"])
        }
    }

    static let v3Cases: [(String, [(String, String)], [String])] = [
        ("id CSV", [("id", "n1,b2")], ["n1", "b2"]),
        ("name CSV", [("name", "sentiment,note")], ["x1", "c1"]),
        ("source is case-insensitive", [("source", "eval,annotation")], ["n2", "c1"]),
        ("dataType is case-insensitive", [("dataType", "boolean")], ["b1", "b2"]),
        ("environment CSV", [("environment", "staging,production")], ["n1", "n2", "b2"]),
        ("configId", [("configId", "cfg-1")], ["c1"]),
        ("queueId", [("queueId", "q1")], ["c1"]),
        ("authorUserId: none is kept", [("authorUserId", "someone")], []),
        ("traceId CSV", [("traceId", "tr2,nope")], ["n2", "b2"]),
        ("sessionId: session scores only", [("sessionId", "s1")], ["ss1"]),
        ("experimentId", [("experimentId", "run-1")], ["dr1"]),
        ("observationId with traceId", [("observationId", "ob1"), ("traceId", "tr1")], ["b1"]),
        ("NUMERIC value", [("value", "0.9"), ("dataType", "NUMERIC")], ["n1"]),
        ("BOOLEAN true", [("value", "true"), ("dataType", "BOOLEAN")], ["b1"]),
        ("BOOLEAN false", [("value", "FALSE"), ("dataType", "boolean")], ["b2"]),
        ("CATEGORICAL value", [("value", "positive"), ("dataType", "CATEGORICAL")], ["c1"]),
        ("valueMin inclusive", [("valueMin", "0.5"), ("dataType", "NUMERIC")], ["ss1", "n1", "dr1"]),
        ("valueMax inclusive", [("valueMax", "0.5"), ("dataType", "NUMERIC")], ["ss1", "n2"]),
        ("valueMin and valueMax", [("valueMin", "0.6"), ("valueMax", "0.8"), ("dataType", "NUMERIC")], ["dr1"]),
        ("fromTimestamp and toTimestamp", [("fromTimestamp", "2026-03-01T12:02:00Z"), ("toTimestamp", "2026-03-01T12:05:00Z")], ["n2", "c1", "b1"]),
        ("AND across parameters", [("name", "accuracy,correct"), ("environment", "staging")], ["n2", "b2"]),
        ("empty values are ignored", [("name", ""), ("traceId", ",")], allIds),
    ]

    @Test(arguments: v3Cases)
    func v3Filter(label: String, pairs: [(String, String)], expected: [String]) async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.v3, pairs, auth: app.a.basic)
            reply.expectListed(expected, label, counted: false)
        }
    }

    static let v3Refusals: [(String, [(String, String)], String)] = [
        ("unknown parameter userId", [("userId", "u1")], "userId"),
        ("unknown parameter traceTags", [("traceTags", "a")], "traceTags"),
        ("unknown parameter page", [("page", "1")], "page"),
        ("unknown parameter filter", [("filter", "[]")], "filter"),
        ("unknown group", [("fields", "details,bogus")], "fields"),
        ("unknown group trace", [("fields", "trace")], "fields"),
        ("limit over 100", [("limit", "101")], "limit"),
        ("limit 0", [("limit", "0")], "limit"),
        ("traceId with sessionId", [("traceId", "tr1"), ("sessionId", "s1")], "sessionId"),
        ("traceId with experimentId", [("traceId", "tr1"), ("experimentId", "run-1")], "experimentId"),
        ("sessionId with experimentId", [("sessionId", "s1"), ("experimentId", "run-1")], "experimentId"),
        ("observationId without traceId", [("observationId", "ob1")], "observationId"),
        ("observationId with sessionId", [("observationId", "ob1"), ("sessionId", "s1")], "observationId"),
        ("value without dataType", [("value", "0.9")], "value"),
        ("value with two dataTypes", [("value", "0.9"), ("dataType", "NUMERIC,BOOLEAN")], "value"),
        ("value with TEXT", [("value", "x"), ("dataType", "TEXT")], "value"),
        ("NUMERIC value not a number", [("value", "high"), ("dataType", "NUMERIC")], "value"),
        ("BOOLEAN value not a boolean", [("value", "1"), ("dataType", "BOOLEAN")], "value"),
        ("valueMin without dataType", [("valueMin", "0.5")], "valueMin"),
        ("valueMax with CATEGORICAL", [("valueMax", "0.5"), ("dataType", "CATEGORICAL")], "valueMax"),
        ("valueMin not a number", [("valueMin", "low"), ("dataType", "NUMERIC")], "valueMin"),
    ]

    @Test(arguments: v3Refusals)
    func v3ParameterRules(label: String, pairs: [(String, String)], parameter: String) async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.v3, pairs, auth: app.a.basic)
            #expect(reply.status == 400, "\(label): \(reply)")
            #expect(reply.detail?.hasPrefix("\(parameter):") == true, "\(label): \(reply)")
            #expect(reply.message?.hasPrefix("Invalid request data: \(parameter):") == true, "\(label): \(reply)")
        }
    }

    @Test func v3CursorPages() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let first = try await client.list(Self.v3, [("limit", "4")], auth: app.a.basic)
            #expect(first.ids == ["ss1", "k1", "x1", "n1"])
            #expect(first.json["meta"]?["limit"] == 4)
            let cursor1 = try #require(first.cursor, "\(first)")
            let second = try await client.list(Self.v3, [("limit", "4"), ("cursor", cursor1)], auth: app.a.basic)
            #expect(second.ids == ["n2", "c1", "b1", "dr1"])
            let cursor2 = try #require(second.cursor, "\(second)")
            let third = try await client.list(Self.v3, [("limit", "4"), ("cursor", cursor2)], auth: app.a.basic)
            #expect(third.ids == ["b2"])
            #expect(third.json["meta"] == ["limit": 4])
            // The cursor keeps working with the filters the walk uses.
            let filtered = try await client.list(Self.v3, [("limit", "1"), ("name", "accuracy")], auth: app.a.basic)
            let next = try await client.list(Self.v3, [("limit", "1"), ("name", "accuracy"), ("cursor", try #require(filtered.cursor))], auth: app.a.basic)
            #expect(filtered.ids == ["ss1"])
            #expect(next.ids == ["n1"])
        }
    }

    /// Ties on the timestamp go by id, descending; each score comes once; a full last page has
    /// no cursor.
    @Test func v3CursorOverTies() async throws {
        try await TestApp.run { app, client in
            try await client.seed([Events.trace("t", [:])] + (0..<9).map {
                Events.score(String(format: "s%02d", $0), ["traceId": "t", "name": "n", "value": .number(Double($0)), "timestamp": .string(At.noon(0))])
            }, auth: app.a.basic)
            var pages: [[String]] = []
            var cursors: [Bool] = []
            var cursor: String?
            repeat {
                let reply = try await client.list(Self.v3, [("limit", "3")] + (cursor.map { [("cursor", $0)] } ?? []), auth: app.a.basic)
                #expect(reply.status == 200, "\(reply)")
                pages.append(reply.ids)
                cursor = reply.cursor
                cursors.append(cursor != nil)
            } while cursor != nil && pages.count < 20
            #expect(pages == [["s08", "s07", "s06"], ["s05", "s04", "s03"], ["s02", "s01", "s00"]])
            #expect(cursors == [true, true, false])
        }
    }

    @Test func v3LimitBounds() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let hundred = try await client.list(Self.v3, [("limit", "100")], auth: app.a.basic)
            #expect(hundred.status == 200)
            #expect(hundred.json["meta"] == ["limit": 100])
            let one = try await client.list(Self.v3, [("limit", "1")], auth: app.a.basic)
            #expect(one.ids == ["ss1"])
            #expect(one.cursor != nil)
        }
    }

    // MARK: by id

    @Test func getByIdInV1AndV2() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let listed = try await client.list(Self.v2, [("fields", "score")], auth: app.a.basic)
            for id in ["n1", "c1", "b1"] {
                let v1 = try await client.get("\(Self.v1)/\(id)", auth: app.a.basic)
                let v2 = try await client.get("\(Self.v2)/\(id)", auth: app.a.basic)
                #expect(v1.status == 200, "\(v1)")
                #expect(v2.status == 200, "\(v2)")
                #expect(v1.json == v2.json)
                #expect(v1.json == listed.items.first { $0["id"] == .string(id) }, "\(id)")
                #expect(v1.json["trace"] == nil)
            }
            let session = try await client.get("\(Self.v2)/ss1", auth: app.a.basic)
            #expect(session.json["sessionId"] == "s1")
            #expect(session.json["traceId"] == .null)
        }
    }

    @Test func unknownScoreIs404() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            for path in ["\(Self.v1)/nope", "\(Self.v2)/nope", "\(Self.v2)/N1"] {
                let reply = try await client.get(path, auth: app.a.basic)
                #expect(reply.status == 404, "\(path): \(reply)")
                #expect(reply.json == ["message": "Score not found within authorized project", "error": "LangfuseNotFoundError"])
            }
        }
    }

    /// A deleted score disappears from every list and read.
    @Test func deletedScoreIsGoneEverywhere() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let deleted = try await client.send(.delete, "\(Self.v1)/n1", auth: app.a.basic)
            #expect(deleted.status == 202, "\(deleted)")
            #expect(try await client.list(Self.v1, auth: app.a.basic).ids == ["n2", "c1", "b1", "b2"])
            #expect(try await client.list(Self.v2, [("scoreIds", "n1")], auth: app.a.basic).ids == [])
            #expect(try await client.list(Self.v3, [("id", "n1")], auth: app.a.basic).ids == [])
            #expect(try await client.get("\(Self.v2)/n1", auth: app.a.basic).status == 404)
        }
    }
}
