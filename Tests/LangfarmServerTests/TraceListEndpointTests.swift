import Foundation
import LangfarmCore
import Testing
@testable import LangfarmServer

/// `GET /api/public/traces`: order, pages, every simple parameter, the `filter` grammar on each
/// column kind, `orderBy`, `fields`, and the aggregates a list item carries.
@Suite struct TraceListEndpointTests {
    static let path = "/api/public/traces"

    /// Five traces (default order t4, t3, t2, t1, t5; t3 and t4 share a timestamp):
    ///
    /// | id | time  | name  | user | session | version | release | env        | tags | metadata.team |
    /// | t1 | 12:01 | chat  | u1   | s1      | v1      | r1      | production | a, b | search (+ attempt 2) |
    /// | t2 | 12:02 | chat  | u2   | s2      | v2      | r2      | staging    | a    | ads |
    /// | t3 | 12:03 | embed | u1   | s1      | v1      | r2      | production | b, c | search-infra |
    /// | t4 | 12:03 | embed | u3   | –       | v3      | r1      | default    | –    | (metadata {}) |
    /// | t5 | 12:00 | other | u2   | –       | v2      | r3      | dev        | c    | (no metadata) |
    ///
    /// Observations: t1 a span 12:01:00–02 and a WARNING generation 12:01:01–05 (10 + 20
    /// tokens, cost 1.5 + 2.25); t2 an ERROR generation 12:02:00–01 (100 + 50 tokens, cost 0.1
    /// + 0.15); t3 one DEBUG event; t4 none; t5 a span 12:00:00–10. So latency t1 5, t2 1, t3 0,
    /// t4 0, t5 10 and total cost t1 3.75, t2 0.25, else 0.
    ///
    /// Scores: accuracy t1 0.9, t2 0.3 and 0.5 (avg 0.4), t3 0.8 (on its event); sentiment t1
    /// positive, t2 negative; correct t1 true, t2 false; a session score on s1.
    static func seed(_ client: TestClient, _ auth: String) async throws {
        try await client.seed([
            Events.trace("t1", [
                "name": "chat", "userId": "u1", "sessionId": "s1", "version": "v1", "release": "r1", "environment": "production",
                "tags": ["a", "b"], "metadata": ["team": "search", "attempt": 2], "timestamp": .string(At.noon(1)),
                "input": ["q": "one"], "output": "first", "public": true,
            ]),
            Events.trace("t2", [
                "name": "chat", "userId": "u2", "sessionId": "s2", "version": "v2", "release": "r2", "environment": "staging",
                "tags": ["a"], "metadata": ["team": "ads"], "timestamp": .string(At.noon(2)),
            ]),
            Events.trace("t3", [
                "name": "embed", "userId": "u1", "sessionId": "s1", "version": "v1", "release": "r2", "environment": "production",
                "tags": ["b", "c"], "metadata": ["team": "search-infra"], "timestamp": .string(At.noon(3)),
            ]),
            Events.trace("t4", [
                "name": "embed", "userId": "u3", "version": "v3", "release": "r1", "metadata": [:], "timestamp": .string(At.noon(3)),
            ]),
            Events.trace("t5", [
                "name": "other", "userId": "u2", "version": "v2", "release": "r3", "environment": "dev", "tags": ["c"],
                "timestamp": .string(At.noon(0)),
            ]),
            Events.observation("span-create", "t1-span", traceId: "t1", ["startTime": .string(At.noon(1, 0)), "endTime": .string(At.noon(1, 2))]),
            Events.observation("generation-create", "t1-gen", traceId: "t1", [
                "parentObservationId": "t1-span", "startTime": .string(At.noon(1, 1)), "endTime": .string(At.noon(1, 5)), "level": "WARNING",
                "usageDetails": ["input": 10, "output": 20], "costDetails": ["input": 1.5, "output": 2.25],
            ]),
            Events.observation("generation-create", "t2-gen", traceId: "t2", [
                "startTime": .string(At.noon(2, 0)), "endTime": .string(At.noon(2, 1)), "level": "ERROR",
                "usageDetails": ["input": 100, "output": 50], "costDetails": ["input": 0.1, "output": 0.15],
            ]),
            Events.observation("event-create", "t3-event", traceId: "t3", ["startTime": .string(At.noon(3)), "level": "DEBUG"]),
            Events.observation("span-create", "t5-span", traceId: "t5", ["startTime": .string(At.noon(0, 0)), "endTime": .string(At.noon(0, 10))]),
            Events.score("t1-acc", traceId: "t1", name: "accuracy", value: 0.9),
            Events.score("t1-sent", ["traceId": "t1", "name": "sentiment", "value": "positive", "dataType": "CATEGORICAL"]),
            Events.score("t1-correct", ["traceId": "t1", "name": "correct", "value": 1, "dataType": "BOOLEAN"]),
            Events.score("t2-acc-1", traceId: "t2", name: "accuracy", value: 0.3),
            Events.score("t2-acc-2", traceId: "t2", name: "accuracy", value: 0.5),
            Events.score("t2-sent", ["traceId": "t2", "name": "sentiment", "value": "negative", "dataType": "CATEGORICAL"]),
            Events.score("t2-correct", ["traceId": "t2", "name": "correct", "value": 0, "dataType": "BOOLEAN"]),
            Events.score("t3-acc", ["traceId": "t3", "observationId": "t3-event", "name": "accuracy", "value": 0.8]),
            Events.score("s1-score", ["sessionId": "s1", "name": "accuracy", "value": 0.1]),
        ], auth: auth)
    }

    // MARK: order and pages

    @Test func defaultOrderIsNewestFirstWithIdTieBreak() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.path, auth: app.a.basic)
            #expect(reply.status == 200, "\(reply)")
            #expect(reply.ids == ["t4", "t3", "t2", "t1", "t5"])
            #expect(reply.json["meta"] == ["page": 1, "limit": 50, "totalItems": 5, "totalPages": 1])
        }
    }

    @Test func pagesWalkTheListOnceWithTotals() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            var seen: [String] = []
            for page in 1...3 {
                let reply = try await client.list(Self.path, [("page", "\(page)"), ("limit", "2")], auth: app.a.basic)
                #expect(reply.status == 200, "\(reply)")
                #expect(reply.json["meta"] == ["page": .number(Double(page)), "limit": 2, "totalItems": 5, "totalPages": 3])
                seen += reply.ids
            }
            #expect(seen == ["t4", "t3", "t2", "t1", "t5"])
            let past = try await client.list(Self.path, [("page", "4"), ("limit", "2")], auth: app.a.basic)
            #expect(past.status == 200)
            #expect(past.ids == [])
            #expect(past.json["meta"] == ["page": 4, "limit": 2, "totalItems": 5, "totalPages": 3])
        }
    }

    @Test func emptyProjectListsNothing() async throws {
        try await TestApp.run { app, client in
            let reply = try await client.list(Self.path, auth: app.a.basic)
            #expect(reply.status == 200, "\(reply)")
            #expect(reply.json == ["data": [], "meta": ["page": 1, "limit": 50, "totalItems": 0, "totalPages": 0]])
        }
    }

    @Test func listItemShape() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.path, [("userId", "u1"), ("name", "chat")], auth: app.a.basic)
            #expect(reply.items.count == 1, "\(reply)")
            var item = try #require(reply.items.first?.objectValue)
            #expect(item["createdAt"]?.stringValue.flatMap(ISO8601.parse) != nil)
            #expect(item["updatedAt"]?.stringValue.flatMap(ISO8601.parse) != nil)
            item["createdAt"] = nil
            item["updatedAt"] = nil
            #expect(JSONValue.object(item) == [
                "id": "t1", "externalId": nil, "timestamp": "2026-03-01T12:01:00.000Z", "name": "chat", "userId": "u1",
                "sessionId": "s1", "release": "r1", "version": "v1", "metadata": ["team": "search", "attempt": 2],
                "projectId": .string(app.a.id), "environment": "production", "public": true, "bookmarked": false,
                "tags": ["a", "b"], "input": ["q": "one"], "output": "first", "htmlPath": .string("/project/\(app.a.id)/traces/t1"),
                "observations": ["t1-span", "t1-gen"], "scores": ["t1-acc", "t1-correct", "t1-sent"],
                "latency": 5, "totalCost": 3.75,
            ])
        }
    }

    /// Latency in seconds and total cost of each trace; 0 for a trace without observations.
    @Test func aggregatesOfEveryTrace() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.path, auth: app.a.basic)
            let byId = Dictionary(uniqueKeysWithValues: reply.items.map { ($0["id"]?.stringValue ?? "", $0) })
            #expect(byId.mapValues { $0["latency"] } == ["t1": 5, "t2": 1, "t3": 0, "t4": 0, "t5": 10])
            #expect(byId.mapValues { $0["totalCost"] } == ["t1": 3.75, "t2": 0.25, "t3": 0, "t4": 0, "t5": 0])
        }
    }

    /// Observation ids by start time; score ids include the scores of the trace's observations
    /// but not the session's.
    @Test func observationAndScoreIds() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.path, auth: app.a.basic)
            let byId = Dictionary(uniqueKeysWithValues: reply.items.map { ($0["id"]?.stringValue ?? "", $0) })
            #expect(byId.mapValues { $0["observations"] } == [
                "t1": ["t1-span", "t1-gen"], "t2": ["t2-gen"], "t3": ["t3-event"], "t4": [], "t5": ["t5-span"],
            ])
            #expect(byId.mapValues { $0["scores"] } == [
                "t1": ["t1-acc", "t1-correct", "t1-sent"], "t2": ["t2-acc-1", "t2-acc-2", "t2-correct", "t2-sent"],
                "t3": ["t3-acc"], "t4": [], "t5": [],
            ])
        }
    }

    // MARK: simple parameters

    static let simpleParameterCases: [(String, [(String, String)], [String])] = [
        ("userId", [("userId", "u1")], ["t3", "t1"]),
        ("name", [("name", "chat")], ["t2", "t1"]),
        ("sessionId", [("sessionId", "s1")], ["t3", "t1"]),
        ("version", [("version", "v2")], ["t2", "t5"]),
        ("release", [("release", "r1")], ["t4", "t1"]),
        ("tags all of, repeated", [("tags", "a"), ("tags", "b")], ["t1"]),
        ("tags all of, comma-separated", [("tags", "b,c")], ["t3"]),
        ("one tag", [("tags", "c")], ["t3", "t5"]),
        ("tag nobody has", [("tags", "a"), ("tags", "zzz")], []),
        ("environment any of", [("environment", "production"), ("environment", "dev")], ["t3", "t1", "t5"]),
        ("environment one", [("environment", "default")], ["t4"]),
        ("fromTimestamp is inclusive", [("fromTimestamp", "2026-03-01T12:01:00Z")], ["t4", "t3", "t2", "t1"]),
        ("toTimestamp is exclusive", [("toTimestamp", "2026-03-01T12:02:00Z")], ["t1", "t5"]),
        ("from and to", [("fromTimestamp", "2026-03-01T12:01:00.000Z"), ("toTimestamp", "2026-03-01T12:03:00.000Z")], ["t2", "t1"]),
        ("from with a +offset", [("fromTimestamp", "2026-03-01T13:02:00+01:00")], ["t4", "t3", "t2"]),
        ("from with microseconds", [("fromTimestamp", "2026-03-01T12:02:59.999999Z")], ["t4", "t3"]),
        ("equal from and to", [("fromTimestamp", "2026-03-01T12:02:00Z"), ("toTimestamp", "2026-03-01T12:02:00Z")], []),
        ("parameters are ANDed", [("userId", "u1"), ("name", "embed")], ["t3"]),
        ("unknown value", [("userId", "nobody")], []),
    ]

    @Test(arguments: simpleParameterCases)
    func simpleParameter(label: String, pairs: [(String, String)], expected: [String]) async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.path, pairs, auth: app.a.basic)
            reply.expectListed(expected, label)
        }
    }

    // MARK: filter

    static let filterCases: [(String, [JSONValue], [String])] = [
        ("string =", [Filter.string("name", "=", "chat")], ["t2", "t1"]),
        ("string contains", [Filter.string("name", "contains", "mb")], ["t4", "t3"]),
        ("string starts with", [Filter.string("name", "starts with", "ch")], ["t2", "t1"]),
        ("string ends with", [Filter.string("name", "ends with", "er")], ["t5"]),
        ("string does not contain", [Filter.string("name", "does not contain", "e")], ["t2", "t1"]),
        ("string is case-sensitive", [Filter.string("name", "=", "Chat")], []),
        ("string on id", [Filter.string("id", "=", "t3")], ["t3"]),
        ("string on userId", [Filter.string("userId", "=", "u2")], ["t2", "t5"]),
        ("string on sessionId", [Filter.string("sessionId", "=", "s2")], ["t2"]),
        ("string on version", [Filter.string("version", "starts with", "v")], ["t4", "t3", "t2", "t1", "t5"]),
        ("string on release", [Filter.string("release", "=", "r3")], ["t5"]),
        ("column by table name", [Filter.string("User ID", "=", "u1")], ["t3", "t1"]),
        ("traceName alias", [Filter.string("traceName", "=", "other")], ["t5"]),
        ("stringOptions any of", [Filter.options("name", "any of", ["chat", "other"])], ["t2", "t1", "t5"]),
        ("stringOptions none of", [Filter.options("environment", "none of", ["production"])], ["t4", "t2", "t5"]),
        ("environment any of", [Filter.options("environment", "any of", ["staging", "dev"])], ["t2", "t5"]),
        ("datetime >", [Filter.datetime("timestamp", ">", "2026-03-01T12:02:00Z")], ["t4", "t3"]),
        ("datetime <=", [Filter.datetime("timestamp", "<=", "2026-03-01T12:01:00Z")], ["t1", "t5"]),
        ("datetime range", [
            Filter.datetime("timestamp", ">=", "2026-03-01T12:01:00Z"), Filter.datetime("timestamp", "<", "2026-03-01T12:03:00Z"),
        ], ["t2", "t1"]),
        ("metadata =", [Filter.metadata("team", "=", "search")], ["t1"]),
        ("metadata contains", [Filter.metadata("team", "contains", "search")], ["t3", "t1"]),
        ("metadata starts with", [Filter.metadata("team", "starts with", "search-")], ["t3"]),
        ("metadata ends with", [Filter.metadata("team", "ends with", "ads")], ["t2"]),
        ("metadata number as text", [Filter.metadata("attempt", "=", "2")], ["t1"]),
        ("metadata unknown key", [Filter.metadata("nope", "=", "search")], []),
        ("tags any of", [Filter.options("tags", "any of", ["a", "c"], type: "arrayOptions")], ["t3", "t2", "t1", "t5"]),
        ("tags all of", [Filter.options("tags", "all of", ["b", "c"], type: "arrayOptions")], ["t3"]),
        ("tags none of", [Filter.options("tags", "none of", ["a"], type: "arrayOptions")], ["t4", "t3", "t5"]),
        ("level ERROR", [Filter.options("level", "any of", ["ERROR"])], ["t2"]),
        ("level WARNING is the highest", [Filter.options("level", "any of", ["WARNING"])], ["t1"]),
        ("level DEBUG", [Filter.options("level", "any of", ["DEBUG"])], ["t3"]),
        ("level DEFAULT", [Filter.options("level", "any of", ["DEFAULT"])], ["t4", "t5"]),
        ("level none of", [Filter.options("level", "none of", ["ERROR", "WARNING"])], ["t4", "t3", "t5"]),
        ("warningCount", [Filter.number("warningCount", ">=", 1)], ["t1"]),
        ("errorCount = 1", [Filter.number("errorCount", "=", 1)], ["t2"]),
        ("errorCount = 0", [Filter.number("errorCount", "=", 0)], ["t4", "t3", "t1", "t5"]),
        ("latency in seconds >", [Filter.number("latency", ">", 4)], ["t1", "t5"]),
        ("latency in seconds <=", [Filter.number("latency", "<=", 1)], ["t4", "t3", "t2"]),
        ("latency =", [Filter.number("latency", "=", 10)], ["t5"]),
        ("totalCost >=", [Filter.number("totalCost", ">=", 0.25)], ["t2", "t1"]),
        ("totalCost >", [Filter.number("totalCost", ">", 1)], ["t1"]),
        ("totalCost < ", [Filter.number("totalCost", "<", 0.25)], ["t4", "t3", "t5"]),
        ("inputCost", [Filter.number("inputCost", "=", 1.5)], ["t1"]),
        ("outputCost", [Filter.number("outputCost", ">", 0.1)], ["t2", "t1"]),
        ("totalTokens", [Filter.number("totalTokens", ">", 100)], ["t2"]),
        ("tokens alias", [Filter.number("tokens", "=", 30)], ["t1"]),
        ("inputTokens", [Filter.number("inputTokens", "=", 10)], ["t1"]),
        ("outputTokens", [Filter.number("outputTokens", ">=", 20)], ["t2", "t1"]),
        ("scores_avg >=", [Filter.condition("numberObject", "scores_avg", ">=", 0.5, key: "accuracy")], ["t3", "t1"]),
        ("scores_avg averages", [Filter.condition("numberObject", "scores_avg", "=", 0.4, key: "accuracy")], ["t2"]),
        ("scores_avg <", [Filter.condition("numberObject", "scores_avg", "<", 0.5, key: "accuracy")], ["t2"]),
        ("scores_avg unknown name", [Filter.condition("numberObject", "scores_avg", ">", 0, key: "nope")], []),
        ("score_categories any of", [Filter.condition("categoryOptions", "score_categories", "any of", ["positive"], key: "sentiment")], ["t1"]),
        ("score_categories none of", [
            Filter.condition("categoryOptions", "score_categories", "none of", ["positive"], key: "sentiment"),
        ], ["t4", "t3", "t2", "t5"]),
        ("score_booleans = true", [Filter.condition("booleanObject", "score_booleans", "=", true, key: "correct")], ["t1"]),
        ("score_booleans = false", [Filter.condition("booleanObject", "score_booleans", "=", false, key: "correct")], ["t2"]),
        ("score_booleans <> true", [Filter.condition("booleanObject", "score_booleans", "<>", true, key: "correct")], ["t4", "t3", "t2", "t5"]),
        ("bookmarked", [Filter.condition("boolean", "bookmarked", "=", false)], ["t4", "t3", "t2", "t1", "t5"]),
        ("null: no session", [Filter.condition("null", "sessionId", "is null", "")], ["t4", "t5"]),
        ("null: a session", [Filter.condition("null", "sessionId", "is not null", "")], ["t3", "t2", "t1"]),
        ("conditions are ANDed", [Filter.string("name", "=", "chat"), Filter.string("userId", "=", "u1")], ["t1"]),
        ("positionInTrace is ignored", [Filter.condition("positionInTrace", "name", "=", "x", key: "root")], ["t4", "t3", "t2", "t1", "t5"]),
        ("empty filter", [], ["t4", "t3", "t2", "t1", "t5"]),
    ]

    @Test(arguments: filterCases)
    func filter(label: String, conditions: [JSONValue], expected: [String]) async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.path, filter: conditions, auth: app.a.basic)
            reply.expectListed(expected, label)
        }
    }

    /// Langfuse compares `metadata[key]`, which is '' for a trace without the key, so `does not
    /// contain` also matches traces that lack the key (ClickHouse `position('', v) = 0`).
    @Test func metadataDoesNotContainMatchesTracesWithoutTheKey() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.path, filter: [Filter.metadata("team", "does not contain", "search")], auth: app.a.basic)
            #expect(reply.status == 200, "\(reply)")
            #expect(reply.ids == ["t4", "t2", "t5"])
        }
    }

    /// Metadata `=` finds long keys and long values as `contains` does (the lookup table keeps
    /// only keys and values up to 1,000 bytes; longer ones must still be found).
    @Test func longMetadataKeysAndValuesAreFilterable() async throws {
        try await TestApp.run { app, client in
            let longKey = String(repeating: "k", count: 1_001)
            let longValue = String(repeating: "v", count: 1_001)
            let edgeValue = String(repeating: "e", count: 1_000)
            try await client.seed([
                Events.trace("long-key", ["metadata": .object([longKey: "short"])]),
                Events.trace("long-value", ["metadata": ["k": .string(longValue)]]),
                Events.trace("edge-value", ["metadata": ["k": .string(edgeValue)]]),
            ], auth: app.a.basic)
            for op in ["=", "contains", "starts with", "ends with"] {
                let byKey = try await client.list(Self.path, filter: [Filter.metadata(longKey, op, "short")], auth: app.a.basic)
                #expect(byKey.ids == ["long-key"], "key of 1,001 bytes, \(op): \(byKey)")
                let byValue = try await client.list(Self.path, filter: [Filter.metadata("k", op, longValue)], auth: app.a.basic)
                #expect(byValue.ids == ["long-value"], "value of 1,001 bytes, \(op): \(byValue)")
                let edge = try await client.list(Self.path, filter: [Filter.metadata("k", op, edgeValue)], auth: app.a.basic)
                #expect(edge.ids == ["edge-value"], "value of 1,000 bytes, \(op): \(edge)")
            }
        }
    }

    /// The filter as Python's `json.dumps` writes it, and with `+` for its spaces (form encoding).
    @Test func filterWithSpacesAndPlusSigns() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let conditions = [Filter.metadata("team", "starts with", "search")]
            let spaced = try await client.list(Self.path, [("filter", Filter.dumps(conditions))], auth: app.a.basic)
            #expect(spaced.status == 200, "\(spaced)")
            #expect(spaced.ids == ["t3", "t1"])
            let plus = TestClient.encodePathSegment(Filter.dumps(conditions)).replacingOccurrences(of: "%20", with: "+")
            let reply = try await client.get("\(Self.path)?filter=\(plus)", auth: app.a.basic)
            #expect(reply.status == 200, "\(reply)")
            #expect(reply.ids == ["t3", "t1"])
        }
    }

    /// Langfuse's rule: a `filter` condition on a column replaces the simple parameter for that
    /// column; simple parameters on other columns still apply.
    @Test func filterBeatsASimpleParameterOnTheSameColumn() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let sameColumn = try await client.list(Self.path, filter: [Filter.string("userId", "=", "u2")], [("userId", "u1")], auth: app.a.basic)
            #expect(sameColumn.ids == ["t2", "t5"], "\(sameColumn)")
            let options = try await client.list(Self.path, filter: [Filter.options("name", "any of", ["embed"])], [("name", "chat")], auth: app.a.basic)
            #expect(options.ids == ["t4", "t3"], "\(options)")
            let time = try await client.list(
                Self.path, filter: [Filter.datetime("timestamp", ">=", "2026-03-01T12:03:00Z")],
                [("fromTimestamp", "2026-03-01T11:00:00Z"), ("toTimestamp", "2026-03-01T12:01:00Z")], auth: app.a.basic
            )
            #expect(time.ids == ["t4", "t3"], "\(time)")
            let otherColumn = try await client.list(Self.path, filter: [Filter.string("name", "=", "chat")], [("userId", "u1")], auth: app.a.basic)
            #expect(otherColumn.ids == ["t1"], "\(otherColumn)")
        }
    }

    // MARK: orderBy

    /// Three traces whose fields sort in different orders.
    static func seedForOrdering(_ client: TestClient, _ auth: String) async throws {
        try await client.seed([
            Events.trace("o1", ["name": "b", "userId": "c", "release": "a", "version": "c", "sessionId": "b", "timestamp": .string(At.noon(2))]),
            Events.trace("o2", ["name": "c", "userId": "a", "release": "c", "version": "b", "sessionId": "a", "timestamp": .string(At.noon(1)), "public": true]),
            Events.trace("o3", ["name": "a", "userId": "b", "release": "b", "version": "a", "sessionId": "c", "timestamp": .string(At.noon(3))]),
        ], auth: auth)
    }

    static let orderCases: [(String, [String])] = [
        ("id", ["o1", "o2", "o3"]),
        ("timestamp", ["o2", "o1", "o3"]),
        ("name", ["o3", "o1", "o2"]),
        ("userId", ["o2", "o3", "o1"]),
        ("release", ["o1", "o3", "o2"]),
        ("version", ["o3", "o2", "o1"]),
        ("sessionId", ["o2", "o1", "o3"]),
        ("public", ["o1", "o3", "o2"]),
        ("bookmarked", ["o1", "o2", "o3"]),
    ]

    @Test(arguments: orderCases)
    func orderBy(field: String, ascending: [String]) async throws {
        try await TestApp.run { app, client in
            try await Self.seedForOrdering(client, app.a.basic)
            let up = try await client.list(Self.path, [("orderBy", "\(field).asc")], auth: app.a.basic)
            #expect(up.status == 200, "\(up)")
            #expect(up.ids == ascending, "\(field).asc")
            let down = try await client.list(Self.path, [("orderBy", "\(field).desc")], auth: app.a.basic)
            #expect(down.status == 200, "\(down)")
            #expect(down.ids == ascending.reversed(), "\(field).desc")
            let upper = try await client.list(Self.path, [("orderBy", "\(field).DESC")], auth: app.a.basic)
            #expect(upper.ids == ascending.reversed(), "\(field).DESC")
        }
    }

    /// Ties on the sort field are broken by id in the same direction, so pages never overlap.
    @Test func orderByPagesAcrossTies() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            var seen: [String] = []
            for page in 1...3 {
                seen += try await client.list(Self.path, [("orderBy", "name.asc"), ("limit", "2"), ("page", "\(page)")], auth: app.a.basic).ids
            }
            #expect(seen == ["t1", "t2", "t3", "t4", "t5"])
        }
    }

    // MARK: fields

    @Test func fieldsCoreOnlyLeavesEveryGroupEmpty() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.path, [("fields", "core"), ("userId", "u1"), ("name", "chat")], auth: app.a.basic)
            let item = try #require(reply.items.first, "\(reply)")
            #expect(item["id"] == "t1")
            #expect(item["observations"] == [])
            #expect(item["scores"] == [])
            #expect(item["latency"] == -1)
            #expect(item["totalCost"] == -1)
            #expect(item["input"] == .null)
            #expect(item["output"] == .null)
            #expect(item["metadata"] == [:])
            #expect(item["name"] == "chat")
            #expect(item["tags"] == ["a", "b"])
            #expect(item["htmlPath"] == .string("/project/\(app.a.id)/traces/t1"))
        }
    }

    static let fieldsCases: [(String, JSONValue, JSONValue, JSONValue, JSONValue, JSONValue)] = [
        // fields, input, observations, scores, latency, totalCost
        ("io", ["q": "one"], [], [], -1, -1),
        ("core,io", ["q": "one"], [], [], -1, -1),
        ("observations", nil, ["t1-span", "t1-gen"], [], -1, -1),
        ("scores", nil, [], ["t1-acc", "t1-correct", "t1-sent"], -1, -1),
        ("metrics", nil, [], [], 5, 3.75),
        ("core, scores , metrics", nil, [], ["t1-acc", "t1-correct", "t1-sent"], 5, 3.75),
        ("bogus,observations,nonsense", nil, ["t1-span", "t1-gen"], [], -1, -1),
        ("bogus", nil, [], [], -1, -1),
        ("io,scores,observations,metrics", ["q": "one"], ["t1-span", "t1-gen"], ["t1-acc", "t1-correct", "t1-sent"], 5, 3.75),
        ("", ["q": "one"], ["t1-span", "t1-gen"], ["t1-acc", "t1-correct", "t1-sent"], 5, 3.75),
    ]

    @Test(arguments: fieldsCases)
    func fieldsSelectGroups(fields: String, input: JSONValue, observations: JSONValue, scores: JSONValue, latency: JSONValue, totalCost: JSONValue) async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.path, [("fields", fields), ("userId", "u1"), ("name", "chat")], auth: app.a.basic)
            let item = try #require(reply.items.first, "\(reply)")
            #expect(item["input"] == input, "fields=\(fields)")
            #expect(item["output"] == (input == .null ? .null : "first"), "fields=\(fields)")
            #expect(item["metadata"] == (input == .null ? [:] : ["team": "search", "attempt": 2]), "fields=\(fields)")
            #expect(item["observations"] == observations, "fields=\(fields)")
            #expect(item["scores"] == scores, "fields=\(fields)")
            #expect(item["latency"] == latency, "fields=\(fields)")
            #expect(item["totalCost"] == totalCost, "fields=\(fields)")
        }
    }

    // MARK: aggregates after updates in any order

    /// An update that arrives before its create, then the trace, then the create, then later
    /// updates in separate requests: the list's latency, cost, ids and aggregate filters follow.
    @Test func aggregatesFollowOutOfOrderObservationUpdates() async throws {
        try await TestApp.run { app, client in
            let auth = app.a.basic
            try await client.seed([
                Events.update("span-update", "sp", traceId: "tx", envelopeId: "u1", at: At.noon(0, 30), ["endTime": .string(At.noon(0, 9))]),
            ], auth: auth)
            try await client.seed([Events.trace("tx", ["timestamp": .string(At.noon(0))])], auth: auth)
            var item = try #require(try await client.list(Self.path, auth: auth).items.first)
            #expect(item["latency"] == 0, "\(item)")
            #expect(item["observations"] == ["sp"])

            try await client.seed([
                Events.update("span-create", "sp", traceId: "tx", envelopeId: "c1", at: At.noon(0, 0), [
                    "startTime": .string(At.noon(0, 0)), "endTime": .string(At.noon(0, 2)),
                ]),
                Events.update("generation-update", "gen", traceId: "tx", envelopeId: "u2", at: At.noon(0, 40), [
                    "startTime": .string(At.noon(0, 1)), "costDetails": ["input": 0.5, "output": 0.75], "usageDetails": ["input": 5, "output": 7],
                ]),
            ], auth: auth)
            item = try #require(try await client.list(Self.path, auth: auth).items.first)
            // The update's end (newer event) wins over the create's.
            #expect(item["latency"] == 9, "\(item)")
            #expect(item["totalCost"] == 1.25, "\(item)")

            try await client.seed([
                Events.update("generation-create", "gen", traceId: "tx", envelopeId: "c2", at: At.noon(0, 1), [
                    "startTime": .string(At.noon(0, 1)), "endTime": .string(At.noon(0, 3)),
                ]),
            ], auth: auth)
            item = try #require(try await client.list(Self.path, auth: auth).items.first)
            #expect(item["latency"] == 9, "\(item)")
            #expect(item["totalCost"] == 1.25, "\(item)")
            #expect(item["observations"] == ["sp", "gen"])

            try await client.seed([
                Events.update("generation-update", "gen", traceId: "tx", envelopeId: "u3", at: At.noon(0, 50), [
                    "endTime": .string(At.noon(0, 20)), "costDetails": ["input": 1, "output": 1],
                ]),
            ], auth: auth)
            item = try #require(try await client.list(Self.path, auth: auth).items.first)
            #expect(item["latency"] == 20, "\(item)")
            #expect(item["totalCost"] == 2, "\(item)")
            let detail = try await client.trace("tx", auth: auth)
            #expect(detail.json["latency"] == 20)
            #expect(detail.json["totalCost"] == 2)

            let slow = try await client.list(Self.path, filter: [Filter.number("latency", ">=", 20), Filter.number("totalCost", "=", 2)], auth: auth)
            #expect(slow.ids == ["tx"], "\(slow)")
            let tokens = try await client.list(Self.path, filter: [Filter.number("totalTokens", "=", 12)], auth: auth)
            #expect(tokens.ids == ["tx"], "\(tokens)")
            let stale = try await client.list(Self.path, filter: [Filter.number("latency", "=", 9)], auth: auth)
            #expect(stale.ids == [], "\(stale)")
        }
    }

    /// Observations that arrive before their trace count once the trace arrives.
    @Test func observationsBeforeTheirTraceAreAggregated() async throws {
        try await TestApp.run { app, client in
            try await client.seed([
                Events.observation("generation-create", "g", traceId: "late", [
                    "startTime": .string(At.noon(5)), "endTime": .string(At.noon(5, 4)), "level": "ERROR", "costDetails": ["total": 0.5],
                ]),
            ], auth: app.a.basic)
            #expect(try await client.list(Self.path, auth: app.a.basic).ids == [])
            try await client.seed([Events.trace("late", ["name": "late"])], auth: app.a.basic)
            let reply = try await client.list(Self.path, filter: [Filter.options("level", "any of", ["ERROR"])], auth: app.a.basic)
            #expect(reply.ids == ["late"], "\(reply)")
            #expect(reply.items.first?["latency"] == 4)
            #expect(reply.items.first?["totalCost"] == 0.5)
            #expect(reply.items.first?["observations"] == ["g"])
        }
    }

    /// A later trace-create changes what the list filters on (user, metadata) and nothing stale
    /// remains findable; tags are the union of every write, as Langfuse merges them.
    @Test func traceUpdateMovesItInFilters() async throws {
        try await TestApp.run { app, client in
            try await client.seed([Events.trace("t1", ["userId": "old", "tags": ["x"], "metadata": ["k": "before"]])], auth: app.a.basic)
            try await client.seed([
                Events.envelope("trace-create", id: "env-t1-2", body: ["id": "t1", "userId": "new", "tags": ["y"], "metadata": ["k": "after"]],
                                timestamp: At.noon(30)),
            ], auth: app.a.basic)
            #expect(try await client.list(Self.path, [("userId", "old")], auth: app.a.basic).ids == [])
            #expect(try await client.list(Self.path, [("userId", "new")], auth: app.a.basic).ids == ["t1"])
            #expect(try await client.list(Self.path, [("tags", "x"), ("tags", "y")], auth: app.a.basic).ids == ["t1"])
            #expect(try await client.list(Self.path, filter: [Filter.options("tags", "none of", ["x"], type: "arrayOptions")], auth: app.a.basic).ids == [])
            #expect(try await client.list(Self.path, filter: [Filter.metadata("k", "=", "before")], auth: app.a.basic).ids == [])
            #expect(try await client.list(Self.path, filter: [Filter.metadata("k", "=", "after")], auth: app.a.basic).ids == ["t1"])
        }
    }
}
