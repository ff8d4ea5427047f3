import Foundation
import LangfarmCore
import Testing
@testable import LangfarmServer

/// Hostile and malformed read requests, on every read endpoint: each is a 400 whose message
/// names the parameter (never a 500), SQL in values matches nothing and changes nothing, and
/// cursors cannot be forged, altered or carried to another endpoint or project.
@Suite struct ReadBadInputTests {
    /// A list endpoint and the parameters it reads.
    struct Endpoint: Sendable, CustomStringConvertible {
        let path: String
        /// Whether it reads `filter`, and a string, number and datetime column of its filter.
        let filterColumns: (string: String, number: String, datetime: String)?
        /// The largest `limit`; `page` too when offset-paginated.
        let maxLimit: Int
        let offsetPages: Bool
        let timeRange: (from: String, to: String)
        var description: String { path }
    }

    static let traces = Endpoint(path: "/api/public/traces", filterColumns: ("name", "totalCost", "timestamp"), maxLimit: 100, offsetPages: true, timeRange: ("fromTimestamp", "toTimestamp"))
    static let observationsV1 = Endpoint(path: "/api/public/observations", filterColumns: ("name", "totalCost", "startTime"), maxLimit: 100, offsetPages: true, timeRange: ("fromStartTime", "toStartTime"))
    static let observationsV2 = Endpoint(path: "/api/public/v2/observations", filterColumns: ("name", "totalCost", "startTime"), maxLimit: 1000, offsetPages: false, timeRange: ("fromStartTime", "toStartTime"))
    static let sessions = Endpoint(path: "/api/public/sessions", filterColumns: nil, maxLimit: 100, offsetPages: true, timeRange: ("fromTimestamp", "toTimestamp"))
    static let scoresV1 = Endpoint(path: "/api/public/scores", filterColumns: ("name", "value", "timestamp"), maxLimit: 100, offsetPages: true, timeRange: ("fromTimestamp", "toTimestamp"))
    static let scoresV2 = Endpoint(path: "/api/public/v2/scores", filterColumns: ("name", "value", "timestamp"), maxLimit: 100, offsetPages: true, timeRange: ("fromTimestamp", "toTimestamp"))
    static let scoresV3 = Endpoint(path: "/api/public/v3/scores", filterColumns: nil, maxLimit: 100, offsetPages: false, timeRange: ("fromTimestamp", "toTimestamp"))

    static let all = [traces, observationsV1, observationsV2, sessions, scoresV1, scoresV2, scoresV3]
    static let withFilter = all.filter { $0.filterColumns != nil }

    /// Data in every table: traces with observations and scores, sessions, a session score.
    static func seed(_ client: TestClient, _ auth: String) async throws {
        try await TraceListEndpointTests.seed(client, auth)
    }

    /// How many rows each list shows, to prove hostile requests changed nothing.
    static func counts(_ client: TestClient, _ auth: String) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for endpoint in [traces, observationsV1, sessions, scoresV1, scoresV2] {
            counts[endpoint.path] = Int(try await client.list(endpoint.path, auth: auth).totalItems ?? -1)
        }
        counts[observationsV2.path] = try await client.list(observationsV2.path, [("limit", "1000")], auth: auth).items.count
        counts[scoresV3.path] = try await client.list(scoresV3.path, [("limit", "100")], auth: auth).items.count
        return counts
    }

    static let seededCounts = [
        "/api/public/traces": 5, "/api/public/observations": 5, "/api/public/v2/observations": 5, "/api/public/sessions": 2,
        "/api/public/scores": 8, "/api/public/v2/scores": 9, "/api/public/v3/scores": 9,
    ]

    /// Expects a 400 whose message and detail name `parameter` (a prefix such as `filter[0].value`).
    static func expect400(_ reply: Reply, _ parameter: String, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(reply.status == 400, "\(context): \(reply)", sourceLocation: sourceLocation)
        #expect(reply.detail?.hasPrefix("\(parameter)") == true, "\(context): detail should name \(parameter): \(reply)", sourceLocation: sourceLocation)
        #expect(reply.message?.hasPrefix("Invalid request data: \(parameter)") == true, "\(context): \(reply)", sourceLocation: sourceLocation)
    }

    // MARK: filter

    /// Malformed filters; `$S`, `$N` and `$D` stand for the endpoint's string, number and
    /// datetime columns.
    static let malformedFilters: [(String, String)] = [
        ("[{", "filter"),
        ("[] trailing", "filter"),
        ("[{\"type\":\"string\",\"type\":\"string\"}]", "filter[0]"),
        ("not json", "filter"),
        ("", "(none)"),
        ("{}", "filter"),
        ("\"[]\"", "filter"),
        ("null", "filter"),
        ("42", "filter"),
        ("[1]", "filter[0]"),
        ("[null]", "filter[0]"),
        ("[[]]", "filter[0]"),
        ("[{}]", "filter[0].type"),
        (#"[{"type":1,"column":"$S","operator":"=","value":"x"}]"#, "filter[0].type"),
        (#"[{"type":"bogus","column":"$S","operator":"=","value":"x"}]"#, "filter[0].type"),
        (#"[{"type":"String","column":"$S","operator":"=","value":"x"}]"#, "filter[0].type"),
        (#"[{"type":"string","operator":"=","value":"x"}]"#, "filter[0].column"),
        (#"[{"type":"string","column":"bogus","operator":"=","value":"x"}]"#, "filter[0].column"),
        (#"[{"type":"string","column":"t.name","operator":"=","value":"x"}]"#, "filter[0].column"),
        (#"[{"type":"string","column":"name; DROP TABLE traces","operator":"=","value":"x"}]"#, "filter[0].column"),
        (#"[{"type":"string","column":"$S","value":"x"}]"#, "filter[0].operator"),
        (#"[{"type":"string","column":"$S","operator":"bogus","value":"x"}]"#, "filter[0].operator"),
        (#"[{"type":"string","column":"$S","operator":">","value":"x"}]"#, "filter[0].operator"),
        (#"[{"type":"string","column":"$S","operator":"=="," value":"x"}]"#, "filter[0].operator"),
        (#"[{"type":"string","column":"$S","operator":"="}]"#, "filter[0].value"),
        (#"[{"type":"string","column":"$S","operator":"=","value":1}]"#, "filter[0].value"),
        (#"[{"type":"string","column":"$S","operator":"=","value":null}]"#, "filter[0].value"),
        (#"[{"type":"string","column":"$S","operator":"=","value":["x"]}]"#, "filter[0].value"),
        (#"[{"type":"number","column":"$S","operator":"=","value":1}]"#, "filter[0].type"),
        (#"[{"type":"number","column":"$N","operator":"=","value":"0.25"}]"#, "filter[0].value"),
        (#"[{"type":"number","column":"$N","operator":"=","value":true}]"#, "filter[0].value"),
        (#"[{"type":"number","column":"$N","operator":"=","value":1e999}]"#, "filter"),
        (#"[{"type":"number","column":"$N","operator":"contains","value":1}]"#, "filter[0].operator"),
        (#"[{"type":"datetime","column":"$D","operator":">","value":"yesterday"}]"#, "filter[0].value"),
        (#"[{"type":"datetime","column":"$D","operator":">","value":"2026-02-30T00:00:00Z"}]"#, "filter[0].value"),
        (#"[{"type":"datetime","column":"$D","operator":">","value":true}]"#, "filter[0].value"),
        (#"[{"type":"datetime","column":"$D","operator":"=","value":"2026-03-01T00:00:00Z"}]"#, "filter[0].operator"),
        (#"[{"type":"datetime","column":"$S","operator":">","value":"2026-03-01T00:00:00Z"}]"#, "filter[0].type"),
        (#"[{"type":"stringOptions","column":"$S","operator":"any of","value":[]}]"#, "filter[0].value"),
        (#"[{"type":"stringOptions","column":"$S","operator":"any of","value":"x"}]"#, "filter[0].value"),
        (#"[{"type":"stringOptions","column":"$S","operator":"any of","value":[1]}]"#, "filter[0].value[0]"),
        (#"[{"type":"stringOptions","column":"$S","operator":"all of","value":["x"]}]"#, "filter[0].operator"),
        (#"[{"type":"stringObject","column":"metadata","operator":"=","value":"x"}]"#, "filter[0].key"),
        (#"[{"type":"stringObject","column":"metadata","key":7,"operator":"=","value":"x"}]"#, "filter[0].key"),
        (#"[{"type":"stringObject","column":"$S","key":"k","operator":"=","value":"x"}]"#, "filter[0].type"),
        (#"[{"type":"boolean","column":"$S","operator":"=","value":true}]"#, "filter[0].type"),
        (#"[{"type":"null","column":"$S","operator":"=","value":""}]"#, "filter[0].operator"),
        (#"[{"type":"string","column":"$S","operator":"=","value":"ok"},{"type":"string","column":"$S","operator":"=","value":2}]"#, "filter[1].value"),
    ]

    @Test(arguments: withFilter)
    func malformedFilterIs400NamingTheCondition(endpoint: Endpoint) async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let columns = try #require(endpoint.filterColumns)
            for (template, parameter) in Self.malformedFilters {
                let text = template.replacingOccurrences(of: "$S", with: columns.string)
                    .replacingOccurrences(of: "$N", with: columns.number).replacingOccurrences(of: "$D", with: columns.datetime)
                let reply = try await client.list(endpoint.path, [("filter", text)], auth: app.a.basic)
                if parameter == "(none)" {
                    #expect(reply.status == 200, "\(endpoint) filter=\(text): \(reply)")
                } else {
                    Self.expect400(reply, parameter, "\(endpoint) filter=\(text)")
                }
            }
            #expect(try await Self.counts(client, app.a.basic) == Self.seededCounts)
        }
    }

    /// 10,000 conditions: refused by count when small, by the query's length when large.
    @Test(arguments: withFilter)
    func tenThousandConditionsAre400(endpoint: Endpoint) async throws {
        try await TestApp.run { app, client in
            let columns = try #require(endpoint.filterColumns)
            let small = "[" + Array(repeating: "{}", count: 10_000).joined(separator: ",") + "]"
            let reply = try await client.list(endpoint.path, [("filter", small)], auth: app.a.basic)
            Self.expect400(reply, "filter", "\(endpoint) 10,000 empty conditions")
            #expect(reply.detail?.contains("10000 conditions") == true, "\(reply)")

            let condition = Filter.string(columns.string, "=", "x")
            let large = Filter.text(Array(repeating: condition, count: 10_000))
            let long = try await client.list(endpoint.path, [("filter", large)], auth: app.a.basic)
            #expect(long.status == 400, "\(endpoint): \(long.status)")
            #expect(long.detail?.hasPrefix("query:") == true || long.detail?.hasPrefix("filter:") == true, "\(long)")

            let justOver = Filter.text(Array(repeating: condition, count: FilterParser.maxConditions + 1))
            Self.expect400(try await client.list(endpoint.path, [("filter", justOver)], auth: app.a.basic), "filter", "\(endpoint) 101 conditions")
            let atLimit = Filter.text(Array(repeating: condition, count: FilterParser.maxConditions))
            #expect(try await client.list(endpoint.path, [("filter", atLimit)], auth: app.a.basic).status == 200)
        }
    }

    @Test(arguments: withFilter)
    func oversizedFilterValueIs400(endpoint: Endpoint) async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let columns = try #require(endpoint.filterColumns)
            let over = String(repeating: "x", count: FilterParser.maxTextLength + 1)
            Self.expect400(try await client.list(endpoint.path, filter: [Filter.string(columns.string, "=", over)], auth: app.a.basic),
                           "filter[0].value", "\(endpoint) long value")
            Self.expect400(try await client.list(endpoint.path, filter: [Filter.metadata(over, "=", "x")], auth: app.a.basic),
                           "filter[0].key", "\(endpoint) long key")
            Self.expect400(try await client.list(endpoint.path, filter: [Filter.options(columns.string, "any of", Array(repeating: "x", count: FilterParser.maxOptions + 1))], auth: app.a.basic),
                           "filter[0].value", "\(endpoint) many options")
            let atLimit = String(repeating: "x", count: FilterParser.maxTextLength)
            let reply = try await client.list(endpoint.path, filter: [Filter.string(columns.string, "=", atLimit)], auth: app.a.basic)
            #expect(reply.status == 200, "\(endpoint): \(reply)")
            #expect(reply.ids == [])
            let multibyte = String(repeating: "ü", count: FilterParser.maxTextLength)
            #expect(try await client.list(endpoint.path, filter: [Filter.string(columns.string, "contains", multibyte)], auth: app.a.basic).status == 200)
        }
    }

    /// Deeply nested JSON in `filter` is refused without exhausting the stack.
    @Test(arguments: withFilter)
    func deeplyNestedFilterIs400(endpoint: Endpoint) async throws {
        try await TestApp.run { app, client in
            for depth in [100, 10_000] {
                let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
                Self.expect400(try await client.list(endpoint.path, [("filter", nested)], auth: app.a.basic), "filter", "\(endpoint) depth \(depth)")
                let inValue = #"[{"type":"string","column":"name","operator":"=","value":"#
                    + String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth) + "}]"
                Self.expect400(try await client.list(endpoint.path, [("filter", inValue)], auth: app.a.basic), "filter", "\(endpoint) object depth \(depth)")
            }
        }
    }

    // MARK: SQL fragments

    /// SQL in every kind of value and in metadata keys matches nothing; the data is intact.
    @Test(arguments: Hostile.sqlValues)
    func sqlFragmentsMatchNothing(value: String) async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let auth = app.a.basic
            var replies: [(String, Reply)] = []
            func record(_ label: String, _ reply: Reply) { replies.append((label, reply)) }

            for name in ["userId", "name", "sessionId", "version", "release", "tags", "environment"] {
                record("traces \(name)", try await client.list(Self.traces.path, [(name, value)], auth: auth))
            }
            for name in ["name", "userId", "type", "traceId", "version", "parentObservationId", "environment"] {
                record("observations \(name)", try await client.list(Self.observationsV1.path, [(name, value)], auth: auth))
                record("v2 observations \(name)", try await client.list(Self.observationsV2.path, [(name, value)], auth: auth))
            }
            record("v2 observations sessionId", try await client.list(Self.observationsV2.path, [("sessionId", value)], auth: auth))
            record("sessions environment", try await client.list(Self.sessions.path, [("environment", value)], auth: auth))
            for endpoint in [Self.scoresV1, Self.scoresV2] {
                for name in ["userId", "name", "configId", "queueId", "traceId", "scoreIds", "environment", "traceTags", "sessionId", "observationId"] {
                    record("\(endpoint) \(name)", try await client.list(endpoint.path, [(name, value)], auth: auth))
                }
            }
            for name in ["id", "name", "environment", "configId", "queueId", "traceId", "sessionId", "experimentId", "authorUserId"] {
                record("v3 scores \(name)", try await client.list(Self.scoresV3.path, [(name, value)], auth: auth))
            }
            record("v3 categorical value", try await client.list(Self.scoresV3.path, [("value", value), ("dataType", "CATEGORICAL")], auth: auth))
            for endpoint in Self.withFilter {
                let columns = endpoint.filterColumns!
                for op in ["=", "contains", "starts with", "ends with"] {
                    record("\(endpoint) filter \(op)", try await client.list(endpoint.path, filter: [Filter.string(columns.string, op, value)], auth: auth))
                    record("\(endpoint) metadata value \(op)", try await client.list(endpoint.path, filter: [Filter.metadata("team", op, value)], auth: auth))
                    record("\(endpoint) metadata key \(op)", try await client.list(endpoint.path, filter: [Filter.metadata(value, op, "search")], auth: auth))
                }
                record("\(endpoint) options", try await client.list(endpoint.path, filter: [Filter.options(columns.string, "any of", [value])], auth: auth))
            }
            record("traces tags filter", try await client.list(Self.traces.path, filter: [Filter.options("tags", "all of", [value], type: "arrayOptions")], auth: auth))
            record("traces scores_avg key", try await client.list(Self.traces.path, filter: [Filter.condition("numberObject", "scores_avg", ">", -1, key: value)], auth: auth))
            record("traces score_categories", try await client.list(Self.traces.path, filter: [Filter.condition("categoryOptions", "score_categories", "any of", [.string(value)], key: value)], auth: auth))
            record("v2 matches", try await client.list(Self.observationsV2.path, filter: [Filter.string("input", "matches", value + " hi")], auth: auth))

            for (label, reply) in replies {
                #expect(reply.status == 200, "\(label) = \(value): \(reply)")
                #expect(reply.items.isEmpty, "\(label) = \(value) matched rows: \(reply)")
                if let total = reply.totalItems { #expect(total == 0, "\(label)") }
            }
            for path in ["traces", "observations", "sessions", "scores", "v2/scores"] {
                let reply = try await client.get("/api/public/\(path)/\(TestClient.encodePathSegment(value))", auth: auth)
                #expect(reply.status == 404, "\(path)/\(value): \(reply)")
            }
            #expect(try await Self.counts(client, auth) == Self.seededCounts, "the data must still be there")
            #expect(try await client.trace("t1", auth: auth).status == 200)
        }
    }

    /// Metadata keys and values that look like SQL or JSON paths are data like any other.
    @Test func sqlLookingMetadataIsMatchedLiterally() async throws {
        try await TestApp.run { app, client in
            let key = "'; DROP TABLE traces; --"
            let pathKey = "$.a\" OR 1=1"
            try await client.seed([
                Events.trace("weird", ["metadata": [key: "\" OR 1=1", pathKey: "x"], "userId": "' OR '1'='1"]),
                Events.trace("plain", ["metadata": ["a": "x"], "userId": "u"]),
            ], auth: app.a.basic)
            let byKey = try await client.list(TraceListEndpointTests.path, filter: [Filter.metadata(key, "=", "\" OR 1=1")], auth: app.a.basic)
            #expect(byKey.ids == ["weird"], "\(byKey)")
            let contains = try await client.list(TraceListEndpointTests.path, filter: [Filter.metadata(key, "contains", "OR 1")], auth: app.a.basic)
            #expect(contains.ids == ["weird"], "\(contains)")
            let path = try await client.list(TraceListEndpointTests.path, filter: [Filter.metadata(pathKey, "=", "x")], auth: app.a.basic)
            #expect(path.ids == ["weird"], "\(path)")
            let notAPath = try await client.list(TraceListEndpointTests.path, filter: [Filter.metadata("$.a", "=", "x")], auth: app.a.basic)
            #expect(notAPath.ids == [], "\(notAPath)")
            let user = try await client.list(TraceListEndpointTests.path, [("userId", "' OR '1'='1")], auth: app.a.basic)
            #expect(user.ids == ["weird"], "\(user)")
            #expect(try await client.list(TraceListEndpointTests.path, auth: app.a.basic).totalItems == 2)
        }
    }

    /// `%` and `_` are not wildcards in `contains`, `starts with` and `ends with`.
    @Test func likeWildcardsAreLiteral() async throws {
        try await TestApp.run { app, client in
            try await client.seed([
                Events.trace("pct", ["name": "100% done"]), Events.trace("und", ["name": "a_b"]), Events.trace("abc", ["name": "axb"]),
            ], auth: app.a.basic)
            let path = TraceListEndpointTests.path
            #expect(try await client.list(path, filter: [Filter.string("name", "contains", "%")], auth: app.a.basic).ids == ["pct"])
            #expect(try await client.list(path, filter: [Filter.string("name", "contains", "_")], auth: app.a.basic).ids == ["und"])
            #expect(try await client.list(path, filter: [Filter.string("name", "starts with", "a_")], auth: app.a.basic).ids == ["und"])
            #expect(try await client.list(path, filter: [Filter.string("name", "ends with", "%")], auth: app.a.basic).ids == [])
            #expect(try await client.list(path, filter: [Filter.string("name", "ends with", "% done")], auth: app.a.basic).ids == ["pct"])
        }
    }

    // MARK: page and limit

    static let badPages = ["0", "-1", "abc", "1.5", "1e2", "99999999999999999999", "2147483648", "0x10", " "]
    static let badLimitsEverywhere = ["0", "-1", "abc", "1.5", "99999999999999999999", "1001", "NaN"]

    @Test(arguments: all)
    func badPageAndLimitAre400(endpoint: Endpoint) async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            var badLimits = Self.badLimitsEverywhere
            if endpoint.maxLimit == 100 { badLimits.append("101") }
            for limit in badLimits {
                Self.expect400(try await client.list(endpoint.path, [("limit", limit)], auth: app.a.basic), "limit", "\(endpoint) limit=\(limit)")
            }
            let max = try await client.list(endpoint.path, [("limit", "\(endpoint.maxLimit)")], auth: app.a.basic)
            #expect(max.status == 200, "\(endpoint): \(max)")
            guard endpoint.offsetPages else { return }
            for page in Self.badPages {
                Self.expect400(try await client.list(endpoint.path, [("page", page)], auth: app.a.basic), "page", "\(endpoint) page=\(page)")
            }
            let far = try await client.list(endpoint.path, [("page", "2147483647"), ("limit", "100")], auth: app.a.basic)
            #expect(far.status == 200, "\(endpoint): \(far)")
            #expect(far.ids == [])
            #expect(far.json["meta"]?["page"] == 2147483647)
            #expect(far.totalItems == Double(Self.seededCounts[endpoint.path] ?? -1), "\(endpoint): \(far)")
        }
    }

    // MARK: time ranges

    @Test(arguments: all)
    func invertedTimeRangeIs400(endpoint: Endpoint) async throws {
        try await TestApp.run { app, client in
            let reply = try await client.list(endpoint.path, [
                (endpoint.timeRange.from, "2026-03-01T12:05:00Z"), (endpoint.timeRange.to, "2026-03-01T12:00:00Z"),
            ], auth: app.a.basic)
            Self.expect400(reply, endpoint.timeRange.from, "\(endpoint)")
            let equal = try await client.list(endpoint.path, [
                (endpoint.timeRange.from, "2026-03-01T12:05:00Z"), (endpoint.timeRange.to, "2026-03-01T12:05:00Z"),
            ], auth: app.a.basic)
            #expect(equal.status == 200, "\(endpoint): \(equal)")
        }
    }

    static let badDates = [
        "yesterday", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-03-01T25:00:00Z", "2026-03-01T12:60:00Z", "1700000000",
        "2026-03-01T12:00:00+25:00", "2026-03-01T12:00:00 05:00", "2026-03-01T12:00:00Zjunk", "26-03-01", "2026/03/01", "0",
        "2026-03-01T12:00:00.Z", "２０２６-03-01",
    ]

    @Test(arguments: all)
    func badDatesAre400(endpoint: Endpoint) async throws {
        try await TestApp.run { app, client in
            for name in [endpoint.timeRange.from, endpoint.timeRange.to] {
                for date in Self.badDates {
                    Self.expect400(try await client.list(endpoint.path, [(name, date)], auth: app.a.basic), name, "\(endpoint) \(name)=\(date)")
                }
                // A `+` sent unencoded is a space, so the offset is lost: refused, not misread.
                let raw = try await client.get("\(endpoint.path)?\(name)=2026-03-01T12:00:00+05:00", auth: app.a.basic)
                Self.expect400(raw, name, "\(endpoint) raw +")
                let encoded = try await client.get("\(endpoint.path)?\(name)=2026-03-01T12:00:00%2B05:00", auth: app.a.basic)
                #expect(encoded.status == 200, "\(endpoint): \(encoded)")
            }
        }
    }

    // MARK: orderBy

    static let badOrders = [
        "foo.asc", "timestamp", "timestamp.up", "timestamp.", ".asc", "latency.desc", "totalCost.asc", "observationCount.desc",
        "timestamp.asc.extra", "TIMESTAMP.asc", "timestamp desc", "t.timestamp.asc", "timestamp; DROP TABLE traces.asc",
        "name.asc,id.desc",
    ]

    @Test func orderByUnknownOrMalformedIs400() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            for order in Self.badOrders {
                Self.expect400(try await client.list(Self.traces.path, [("orderBy", order)], auth: app.a.basic), "orderBy", "orderBy=\(order)")
            }
            #expect(try await client.list(Self.traces.path, [("orderBy", "")], auth: app.a.basic).ids == ["t4", "t3", "t2", "t1", "t5"])
            #expect(try await Self.counts(client, app.a.basic) == Self.seededCounts)
        }
    }

    // MARK: other typed parameters

    static let badTypedParameters: [(String, [(String, String)], String)] = [
        ("/api/public/observations", [("level", "error")], "level"),
        ("/api/public/observations", [("level", "FATAL")], "level"),
        ("/api/public/v2/observations", [("level", "warning")], "level"),
        ("/api/public/v2/observations", [("isRootObservation", "yes")], "isRootObservation"),
        ("/api/public/v2/observations", [("isRootObservation", "1")], "isRootObservation"),
        ("/api/public/scores", [("value", "high")], "value"),
        ("/api/public/scores", [("value", "inf")], "value"),
        ("/api/public/scores", [("operator", "=="), ("value", "1")], "operator"),
        ("/api/public/scores", [("operator", "LIKE"), ("value", "1")], "operator"),
        ("/api/public/v2/scores", [("value", "nan")], "value"),
        ("/api/public/v2/scores", [("operator", "; DROP TABLE scores"), ("value", "1")], "operator"),
    ]

    @Test(arguments: badTypedParameters)
    func badTypedParameterIs400(path: String, pairs: [(String, String)], parameter: String) async throws {
        try await TestApp.run { app, client in
            Self.expect400(try await client.list(path, pairs, auth: app.a.basic), parameter, "\(path) \(pairs)")
        }
    }

    // MARK: cursors

    /// Cursors of both cursor endpoints, for project A and project B.
    static func cursors(_ client: TestClient, _ app: TestApp) async throws -> (observationsA: String, scoresA: String, observationsB: String, scoresB: String) {
        try await Self.seed(client, app.a.basic)
        try await Self.seed(client, app.b.basic)
        func cursor(_ path: String, _ auth: String) async throws -> String {
            let reply = try await client.list(path, [("limit", "2")], auth: auth)
            return try #require(reply.cursor, "\(path): \(reply)")
        }
        return (
            try await cursor(observationsV2.path, app.a.basic), try await cursor(scoresV3.path, app.a.basic),
            try await cursor(observationsV2.path, app.b.basic), try await cursor(scoresV3.path, app.b.basic)
        )
    }

    static func tampered(_ cursor: String) -> [String] {
        let parts = cursor.split(separator: ".").map(String.init)
        var flipped = Array(parts[0])
        flipped[flipped.count / 2] = flipped[flipped.count / 2] == "A" ? "B" : "A"
        var payload = Data(base64Encoded: base64(parts[0])) ?? Data()
        payload.append(contentsOf: Array(" ".utf8))
        let macOnly = parts[1]
        return [
            String(flipped) + "." + parts[1],
            String(cursor.dropLast(3)),
            String(cursor.dropLast(parts[1].count + 1)),
            String(cursor.dropFirst(4)),
            cursor + "x",
            cursor + "." + parts[1],
            parts[0],
            "." + macOnly,
            parts[0] + ".",
            url64(payload) + "." + parts[1],
            url64(Data(#"{"startTime":0,"id":"zzz","timestamp":0}"#.utf8)) + "." + parts[1],
            parts[1] + "." + parts[0],
        ]
    }

    static func base64(_ text: String) -> String {
        var base = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base += String(repeating: "=", count: (4 - base.count % 4) % 4)
        return base
    }

    static func url64(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static let garbageCursors = [
        "garbage", "!!!", "a.b.c", ".", "..", "eyJ9.AAAA", "null", "%00", String(repeating: "A", count: 5000),
        String(repeating: "A", count: 3000) + "." + String(repeating: "B", count: 3000), "💥.💥",
        url64(Data(#"{"startTime":1,"id":"x"}"#.utf8)), url64(Data(#"{"timestamp":1,"id":"x"}"#.utf8)),
    ]

    @Test func badCursorsAre400NamingCursor() async throws {
        try await TestApp.run { app, client in
            let c = try await Self.cursors(client, app)
            let cases: [(String, String, String)] =
                Self.garbageCursors.flatMap { [(Self.observationsV2.path, $0, "garbage"), (Self.scoresV3.path, $0, "garbage")] }
                + Self.tampered(c.observationsA).map { (Self.observationsV2.path, $0, "tampered observation cursor") }
                + Self.tampered(c.scoresA).map { (Self.scoresV3.path, $0, "tampered score cursor") }
                + [
                    (Self.observationsV2.path, c.scoresA, "a score cursor on observations"),
                    (Self.scoresV3.path, c.observationsA, "an observation cursor on scores"),
                    (Self.observationsV2.path, c.observationsB, "project B's cursor used by A"),
                    (Self.scoresV3.path, c.scoresB, "project B's score cursor used by A"),
                ]
            for (path, cursor, label) in cases {
                let reply = try await client.list(path, [("cursor", cursor)], auth: app.a.basic)
                Self.expect400(reply, "cursor", "\(label) \(path) cursor=\(cursor.prefix(80))")
            }
            // The genuine cursors still work for their own endpoint and project.
            #expect(try await client.list(Self.observationsV2.path, [("limit", "2"), ("cursor", c.observationsA)], auth: app.a.basic).status == 200)
            #expect(try await client.list(Self.scoresV3.path, [("limit", "2"), ("cursor", c.scoresB)], auth: app.b.basic).status == 200)
            // B's cursor used by A, then A's cursor used by B.
            Self.expect400(try await client.list(Self.observationsV2.path, [("cursor", c.observationsA)], auth: app.b.basic), "cursor", "A's cursor used by B")
            #expect(try await client.list(Self.observationsV2.path, [("cursor", "")], auth: app.a.basic).status == 200, "an empty cursor is the first page")
        }
    }

    /// A cursor names a position, not a page size: another `limit` with it is fine.
    @Test func cursorWithAnotherLimitContinues() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let first = try await client.list(Self.observationsV2.path, [("limit", "2")], auth: app.a.basic)
            let rest = try await client.list(Self.observationsV2.path, [("limit", "10"), ("cursor", try #require(first.cursor))], auth: app.a.basic)
            #expect(first.ids + rest.ids == ["t3-event", "t2-gen", "t1-gen", "t1-span", "t5-span"])
            #expect(rest.cursor == nil)
        }
    }

    // MARK: query string encoding

    @Test func plusIsASpaceInEveryFilter() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            for endpoint in Self.withFilter {
                let columns = endpoint.filterColumns!
                let conditions = [Filter.string(columns.string, "does not contain", "no such thing")]
                let plus = TestClient.encodePathSegment(Filter.dumps(conditions)).replacingOccurrences(of: "%20", with: "+")
                #expect(plus.contains("+"))
                let reply = try await client.get("\(endpoint.path)?filter=\(plus)", auth: app.a.basic)
                #expect(reply.status == 200, "\(endpoint): \(reply)")
            }
            // `does+not+contain` decodes to the operator; a literal plus needs %2B.
            let traces = try await client.get(#"/api/public/traces?filter=[{"type":"string","column":"name","operator":"starts+with","value":"ch"}]"#, auth: app.a.basic)
            #expect(traces.status == 200, "\(traces)")
            #expect(traces.ids == ["t2", "t1"])
        }
    }

    @Test func percentEncodingEdgeCases() async throws {
        try await TestApp.run { app, client in
            try await client.seed([
                Events.trace("plus", ["userId": "a+b"]), Events.trace("space", ["userId": "a b"]), Events.trace("amp", ["userId": "x&y=z"]),
                Events.trace("utf", ["userId": "ü€😀"]),
            ], auth: app.a.basic)
            let path = TraceListEndpointTests.path
            #expect(try await client.get("\(path)?userId=a%2Bb", auth: app.a.basic).ids == ["plus"])
            #expect(try await client.get("\(path)?userId=a+b", auth: app.a.basic).ids == ["space"])
            #expect(try await client.get("\(path)?userId=a%20b", auth: app.a.basic).ids == ["space"])
            #expect(try await client.get("\(path)?userId=x%26y%3Dz", auth: app.a.basic).ids == ["amp"])
            #expect(try await client.get("\(path)?userId=x&y=z", auth: app.a.basic).ids == [], "an unencoded & splits the value")
            #expect(try await client.list(path, [("userId", "ü€😀")], auth: app.a.basic).ids == ["utf"])
            // In a path, `+` is a plus, not a space.
            try await client.seed([Events.trace("p+q", ["name": "plus-id"])], auth: app.a.basic)
            #expect(try await client.get("\(path)/p+q", auth: app.a.basic).json["name"] == "plus-id")
            #expect(try await client.get("\(path)/p%2Bq", auth: app.a.basic).json["name"] == "plus-id")
            // A value may contain '=': only the first one separates name and value.
            try await client.seed([Events.trace("eq", ["userId": "k=v"])], auth: app.a.basic)
            #expect(try await client.get("\(path)?userId=k=v", auth: app.a.basic).ids == ["eq"])

            for bad in ["userId=%ZZ", "userId=%", "userId=%E2%82", "userId=%FF"] {
                Self.expect400(try await client.get("\(path)?\(bad)", auth: app.a.basic), "userId", bad)
            }
            Self.expect400(try await client.get("\(path)?%ZZ=1", auth: app.a.basic), "query", "bad name")
            Self.expect400(try await client.get("\(path)?filter=%5B%7B%22", auth: app.a.basic), "filter", "truncated escaped filter")
            Self.expect400(try await client.get("\(path)?filter=%FF%FE", auth: app.a.basic), "filter", "filter that is not UTF-8")
            // Empty pairs and a bare name are harmless.
            #expect(try await client.get("\(path)?&&limit=2&&", auth: app.a.basic).json["meta"]?["limit"] == 2)
            #expect(try await client.get("\(path)?limit", auth: app.a.basic).json["meta"]?["limit"] == 50)
        }
    }

    /// Lists are repeated keys (and commas); a repeated single-value parameter uses its first value.
    @Test func repeatedKeys() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let path = TraceListEndpointTests.path
            #expect(try await client.get("\(path)?tags=a&tags=b", auth: app.a.basic).ids == ["t1"])
            #expect(try await client.get("\(path)?tags=a,b", auth: app.a.basic).ids == ["t1"])
            #expect(try await client.get("\(path)?environment=staging&environment=dev", auth: app.a.basic).ids == ["t2", "t5"])
            #expect(try await client.get("\(path)?userId=u1&userId=u2", auth: app.a.basic).ids == ["t3", "t1"])
            #expect(try await client.get("\(path)?limit=2&limit=1", auth: app.a.basic).json["meta"]?["limit"] == 2)
            #expect(try await client.get("/api/public/scores?traceTags=a&traceTags=b", auth: app.a.basic).ids == ["t1-sent", "t1-correct", "t1-acc"])
            #expect(try await client.get("/api/public/v2/observations?environment=default&environment=nowhere", auth: app.a.basic).ids.count == 5)
            #expect(try await client.get("/api/public/v3/scores?name=accuracy&name=correct", auth: app.a.basic).ids
                    == ["t3-acc", "t2-correct", "t2-acc-2", "t2-acc-1", "t1-correct", "t1-acc", "s1-score"], "v3 lists: repeated keys and CSV alike")
        }
    }

    /// A query string over the length limit is refused before it is read.
    @Test(arguments: all)
    func overlongQueryIs400(endpoint: Endpoint) async throws {
        try await TestApp.run { app, client in
            let reply = try await client.get("\(endpoint.path)?x=\(String(repeating: "a", count: FormEncodedQuery.maxLength + 1))", auth: app.a.basic)
            Self.expect400(reply, "query", "\(endpoint)")
        }
    }

    // MARK: ids in paths

    /// A NUL byte is refused (400), never read as the text before it: `t1\0zzz` is not `t1`.
    /// (SQLite text bound as a C string stops at the NUL, so the id or value would be read, or
    /// deleted, as its prefix.)
    @Test func nulByteDoesNotTruncateIdsOrValues() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let auth = app.a.basic
            for path in [
                "/api/public/traces/t1%00", "/api/public/traces/t1%00zzz", "/api/public/observations/t1-gen%00x",
                "/api/public/scores/t1-acc%00", "/api/public/v2/scores/t1-acc%00x", "/api/public/sessions/s1%00abc",
            ] {
                let reply = try await client.get(path, auth: auth)
                #expect(reply.status == 400, "\(path) must be refused, not read as the record whose id is the part before the NUL: \(reply.status)")
            }
            for (path, pairs) in [
                ("/api/public/traces", [("userId", "u1\u{0}zz")]), ("/api/public/observations", [("traceId", "t1\u{0}")]),
                ("/api/public/v2/observations", [("userId", "u1\u{0}")]), ("/api/public/scores", [("name", "accuracy\u{0}x")]),
                ("/api/public/v2/scores", [("traceId", "t1\u{0}x")]), ("/api/public/v3/scores", [("id", "t1-acc\u{0}zz")]),
            ] as [(String, [(String, String)])] {
                let reply = try await client.list(path, pairs, auth: auth)
                #expect(reply.status == 200 || reply.status == 400, "\(path): \(reply)")
                #expect(reply.ids == [], "\(path) \(pairs): a NUL-suffixed value matched \(reply.ids)")
            }
            let filter = try await client.list(Self.traces.path, filter: [Filter.string("name", "=", "chat\u{0}zzz")], auth: auth)
            #expect(filter.ids == [], "filter value cut at the NUL: \(filter.ids)")
            let metadata = try await client.list(Self.traces.path, filter: [Filter.metadata("team\u{0}zz", "=", "search")], auth: auth)
            #expect(metadata.ids == [], "metadata key cut at the NUL: \(metadata.ids)")
        }
    }

    /// An ingested id with a NUL is refused or kept whole: it must not overwrite the trace whose
    /// id is the part before the NUL.
    @Test func ingestedIdWithANulIsNotAnotherTrace() async throws {
        try await TestApp.run { app, client in
            try await client.seed([Events.trace("x", ["name": "first"])], auth: app.a.basic)
            _ = try await client.ingest([Events.trace("x\u{0}y", envelopeId: "nul", ["name": "second", "userId": "intruder"])], auth: app.a.basic)
            let reply = try await client.trace("x", auth: app.a.basic)
            #expect(reply.json["name"] == "first", "\(reply)")
            #expect(reply.json["userId"] == .null, "\(reply)")
        }
    }

    /// The same truncation on the write side of a read id: deleting `t2\0zzz` must not delete t2.
    @Test func nulByteInADeletedIdDeletesNothingElse() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.send(.delete, "/api/public/traces/t2%00zzz", auth: app.a.basic)
            #expect(reply.status != 500, "\(reply)")
            #expect(try await client.trace("t2", auth: app.a.basic).status == 200, "t2 was deleted through the id t2\\0zzz")
            #expect(try await Self.counts(client, app.a.basic) == Self.seededCounts)
        }
    }

    @Test func hostileIdsInPathsAre404() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let ids = Hostile.sqlValues + ["t1/../t2", String(repeating: "x", count: 10_000), "%2e%2e", " t1", "t1 ", "T1"]
            for id in ids {
                for base in ["traces", "observations", "sessions", "scores", "v2/scores"] {
                    let reply = try await client.get("/api/public/\(base)/\(TestClient.encodePathSegment(id))", auth: app.a.basic)
                    #expect(reply.status == 404 || reply.status == 400, "\(base)/\(id.prefix(40)): \(reply)")
                    #expect(reply.status != 500)
                }
            }
            #expect(try await Self.counts(client, app.a.basic) == Self.seededCounts)
        }
    }
}
