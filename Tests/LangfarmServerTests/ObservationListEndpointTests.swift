import Foundation
import LangfarmCore
import Testing
@testable import LangfarmServer

/// `GET /api/public/observations` (v1: offset pages, simple parameters, `filter`) and
/// `GET /api/public/v2/observations` (field groups, raw I/O, string prices, metadata
/// truncation, cursor pages, root and trace filters, the I/O filter rules).
@Suite struct ObservationListEndpointTests {
    static let v1 = "/api/public/observations"
    static let v2 = "/api/public/v2/observations"

    static let longValue = String(repeating: "a", count: 300)
    static let exactValue = String(repeating: "b", count: 200)

    /// Two traces and five observations (default order o5, o3, o2, o1, o4):
    ///
    /// | obs | trace | type       | start | parent | name    | level   | env        | version |
    /// | o1  | ta    | SPAN       | 12:01 | –      | retrieve| DEFAULT | production | v1 |
    /// | o2  | ta    | GENERATION | 12:02 | o1     | llm     | WARNING | production | v2 |
    /// | o3  | tb    | EVENT      | 12:03 | –      | log     | ERROR   | staging    | –  |
    /// | o4  | tb    | SPAN       | 12:00 | –      | root-b  | DEBUG   | staging    | v1 |
    /// | o5  | tb    | GENERATION | 12:04 | o4     | llm     | DEFAULT | staging    | –  |
    ///
    /// ta: chat, u1, s1, tags x y, release r1, public. tb: embed, u2, s2, tag y, release r2.
    /// o2 is a priced gpt-4o call (1000 + 500 tokens: 0.0075); o5 has a provided cost of 0.5.
    static func seed(_ client: TestClient, _ auth: String) async throws {
        try await client.seed([
            Events.trace("ta", ["name": "chat", "userId": "u1", "sessionId": "s1", "tags": ["x", "y"], "release": "r1", "public": true]),
            Events.trace("tb", ["name": "embed", "userId": "u2", "sessionId": "s2", "tags": ["y"], "release": "r2"]),
            Events.observation("span-create", "o1", traceId: "ta", [
                "name": "retrieve", "startTime": .string(At.noon(1)), "endTime": .string(At.noon(1, 2)), "environment": "production",
                "version": "v1", "metadata": ["team": "search"], "input": ["q": "hi"], "output": "found",
            ]),
            Events.observation("generation-create", "o2", traceId: "ta", [
                "name": "llm", "parentObservationId": "o1", "startTime": .string(At.noon(2)), "endTime": .string(At.noon(2, 4)),
                "completionStartTime": .string(At.noon(2, 1)), "environment": "production", "version": "v2", "level": "WARNING",
                "statusMessage": "slow", "model": "gpt-4o", "modelParameters": ["temperature": 0.2],
                "usageDetails": ["input": 1000, "output": 500], "promptName": "greet", "promptVersion": 3,
                "metadata": ["long": .string(longValue), "exact": .string(exactValue), "short": "s"],
                "input": "raw prompt", "output": ["answer": 42],
            ]),
            Events.observation("event-create", "o3", traceId: "tb", [
                "name": "log", "startTime": .string(At.noon(3)), "level": "ERROR", "environment": "staging", "metadata": ["team": "ads"],
            ]),
            Events.observation("span-create", "o4", traceId: "tb", [
                "name": "root-b", "startTime": .string(At.noon(0)), "endTime": .string(At.noon(0, 10)), "level": "DEBUG",
                "environment": "staging", "version": "v1",
            ]),
            Events.observation("generation-create", "o5", traceId: "tb", [
                "name": "llm", "parentObservationId": "o4", "startTime": .string(At.noon(4)), "environment": "staging",
                "costDetails": ["total": 0.5],
            ]),
        ], auth: auth)
    }

    // MARK: v1

    @Test func v1DefaultOrderAndPages() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let all = try await client.list(Self.v1, auth: app.a.basic)
            #expect(all.status == 200, "\(all)")
            #expect(all.ids == ["o5", "o3", "o2", "o1", "o4"])
            #expect(all.json["meta"] == ["page": 1, "limit": 50, "totalItems": 5, "totalPages": 1])
            var seen: [String] = []
            for page in 1...3 {
                let reply = try await client.list(Self.v1, [("limit", "2"), ("page", "\(page)")], auth: app.a.basic)
                #expect(reply.json["meta"] == ["page": .number(Double(page)), "limit": 2, "totalItems": 5, "totalPages": 3])
                seen += reply.ids
            }
            #expect(seen == ["o5", "o3", "o2", "o1", "o4"])
        }
    }

    /// A v1 item is the observation as `GET /observations/{id}` gives it.
    @Test func v1ItemIsTheObservation() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.v1, [("type", "GENERATION"), ("traceId", "ta")], auth: app.a.basic)
            #expect(reply.items.count == 1, "\(reply)")
            let single = try await client.observation("o2", auth: app.a.basic)
            #expect(reply.items.first == single.json)
            #expect(single.json["calculatedTotalCost"] == 0.0075)
        }
    }

    static let v1Cases: [(String, [(String, String)], [String])] = [
        ("name", [("name", "llm")], ["o5", "o2"]),
        ("userId is the trace's", [("userId", "u1")], ["o2", "o1"]),
        ("type", [("type", "GENERATION")], ["o5", "o2"]),
        ("traceId", [("traceId", "tb")], ["o5", "o3", "o4"]),
        ("level", [("level", "ERROR")], ["o3"]),
        ("version", [("version", "v1")], ["o1", "o4"]),
        ("parentObservationId", [("parentObservationId", "o1")], ["o2"]),
        ("empty parentObservationId: roots", [("parentObservationId", "")], ["o3", "o1", "o4"]),
        ("environment any of", [("environment", "production"), ("environment", "nowhere")], ["o2", "o1"]),
        ("fromStartTime inclusive", [("fromStartTime", "2026-03-01T12:02:00Z")], ["o5", "o3", "o2"]),
        ("toStartTime exclusive", [("toStartTime", "2026-03-01T12:02:00Z")], ["o1", "o4"]),
        ("ANDed", [("name", "llm"), ("userId", "u2")], ["o5"]),
    ]

    @Test(arguments: v1Cases)
    func v1SimpleParameter(label: String, pairs: [(String, String)], expected: [String]) async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.v1, pairs, auth: app.a.basic)
            reply.expectListed(expected, label)
        }
    }

    static let filterCases: [(String, [JSONValue], [String])] = [
        ("metadata =", [Filter.metadata("team", "=", "search")], ["o1"]),
        ("metadata contains", [Filter.metadata("team", "contains", "a")], ["o3", "o1"]),
        ("totalCost >=", [Filter.number("totalCost", ">=", 0.5)], ["o5"]),
        ("totalCost >", [Filter.number("totalCost", ">", 0.001)], ["o5", "o2"]),
        ("type any of", [Filter.options("type", "any of", ["SPAN", "EVENT"])], ["o3", "o1", "o4"]),
        ("level none of", [Filter.options("level", "none of", ["DEFAULT", "DEBUG"])], ["o3", "o2"]),
        ("name starts with", [Filter.string("name", "starts with", "r")], ["o1", "o4"]),
        ("startTime <", [Filter.datetime("startTime", "<", "2026-03-01T12:02:00Z")], ["o1", "o4"]),
        ("latency seconds", [Filter.number("latency", ">=", 4)], ["o2", "o4"]),
        ("timeToFirstToken seconds", [Filter.number("timeToFirstToken", "=", 1)], ["o2"]),
        ("tokens", [Filter.number("totalTokens", "=", 1500)], ["o2"]),
        ("model", [Filter.string("model", "=", "gpt-4o")], ["o2"]),
        ("promptName", [Filter.string("promptName", "=", "greet")], ["o2"]),
        ("statusMessage", [Filter.string("statusMessage", "contains", "lo")], ["o2"]),
        ("traceName", [Filter.string("traceName", "=", "chat")], ["o2", "o1"]),
        ("traceTags all of", [Filter.options("traceTags", "all of", ["x", "y"], type: "arrayOptions")], ["o2", "o1"]),
        ("parentObservationId is null", [Filter.condition("null", "parentObservationId", "is null", "")], ["o3", "o1", "o4"]),
        ("filter beats the simple parameter", [Filter.string("name", "=", "log")], ["o3"]),
    ]

    @Test(arguments: filterCases)
    func v1Filter(label: String, conditions: [JSONValue], expected: [String]) async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let pairs: [(String, String)] = label.contains("beats") ? [("name", "llm")] : []
            let reply = try await client.list(Self.v1, filter: conditions, pairs, auth: app.a.basic)
            reply.expectListed(expected, label)
            let v2 = try await client.list(Self.v2, filter: conditions, pairs, auth: app.a.basic)
            #expect(v2.status == 200, "v2 \(label): \(v2)")
            #expect(v2.ids == expected, "v2 \(label)")
        }
    }

    // MARK: v2 field groups

    static let coreKeys: Set<String> = [
        "id", "traceId", "startTime", "endTime", "projectId", "parentObservationId", "type",
        "modelId", "inputPrice", "outputPrice", "totalPrice",
    ]
    static let groupKeys: [String: Set<String>] = [
        "basic": ["name", "level", "statusMessage", "version", "environment", "bookmarked", "public", "userId", "sessionId", "isRootObservation"],
        "time": ["completionStartTime", "createdAt", "updatedAt"],
        "io": ["input", "output"],
        "metadata": ["metadata"],
        "model": ["model", "providedModelName", "internalModelId", "modelParameters"],
        "usage": ["usageDetails", "costDetails", "totalCost", "usagePricingTierName"],
        "prompt": ["promptId", "promptName", "promptVersion"],
        "metrics": ["latency", "timeToFirstToken"],
        "trace_context": ["tags", "release", "traceName"],
    ]

    @Test func v2DefaultGroupsAreCoreAndBasic() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.v2, auth: app.a.basic)
            #expect(reply.status == 200, "\(reply)")
            #expect(reply.ids == ["o5", "o3", "o2", "o1", "o4"])
            #expect(reply.json["meta"] == [:], "no cursor on the only page")
            for item in reply.items {
                #expect(item.keySet == Self.coreKeys.union(Self.groupKeys["basic"]!), "\(item)")
            }
            let o2 = try #require(reply.items.first { $0["id"] == "o2" })
            #expect(o2 == [
                "id": "o2", "traceId": "ta", "startTime": "2026-03-01T12:02:00.000Z", "endTime": "2026-03-01T12:02:04.000Z",
                "projectId": .string(app.a.id), "parentObservationId": "o1", "type": "GENERATION",
                "modelId": nil, "inputPrice": nil, "outputPrice": nil, "totalPrice": nil,
                "name": "llm", "level": "WARNING", "statusMessage": "slow", "version": "v2", "environment": "production",
                "bookmarked": false, "public": true, "userId": "u1", "sessionId": "s1", "isRootObservation": false,
            ])
            let o4 = try #require(reply.items.first { $0["id"] == "o4" })
            #expect(o4["parentObservationId"] == .null)
            #expect(o4["isRootObservation"] == true)
            #expect(o4["public"] == false)
            #expect(o4["userId"] == "u2")
        }
    }

    static let groups = ["basic", "time", "io", "metadata", "model", "usage", "prompt", "metrics", "trace_context"]

    /// Each group alone gives core plus exactly its keys; the others are absent.
    @Test(arguments: groups)
    func v2GroupAloneGivesItsKeys(group: String) async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.v2, [("fields", group)], auth: app.a.basic)
            #expect(reply.status == 200, "\(reply)")
            #expect(reply.items.count == 5)
            for item in reply.items {
                #expect(item.keySet == Self.coreKeys.union(Self.groupKeys[group]!), "\(group): \(item)")
            }
        }
    }

    @Test func v2CoreAloneAndAllGroupsTogether() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let core = try await client.list(Self.v2, [("fields", "core")], auth: app.a.basic)
            #expect(core.items.map { $0.keySet } == Array(repeating: Self.coreKeys, count: 5))
            let unknown = try await client.list(Self.v2, [("fields", "core,bogus, io ")], auth: app.a.basic)
            #expect(unknown.items.map { $0.keySet } == Array(repeating: Self.coreKeys.union(["input", "output"]), count: 5))
            let all = try await client.list(Self.v2, [("fields", (["core"] + Self.groups).joined(separator: ","))], auth: app.a.basic)
            let everything = Self.groupKeys.values.reduce(Self.coreKeys) { $0.union($1) }
            #expect(all.items.map { $0.keySet } == Array(repeating: everything, count: 5))
        }
    }

    @Test func v2GroupValues() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.v2, [("fields", "time,model,usage,prompt,metrics,trace_context"), ("traceId", "ta")], auth: app.a.basic)
            let o2 = try #require(reply.items.first { $0["id"] == "o2" }, "\(reply)")
            let v1 = try await client.observation("o2", auth: app.a.basic).json
            #expect(o2["completionStartTime"] == "2026-03-01T12:02:01.000Z")
            #expect(o2["createdAt"] == v1["createdAt"])
            #expect(o2["updatedAt"] == v1["updatedAt"])
            #expect(o2["model"] == "gpt-4o")
            #expect(o2["providedModelName"] == "gpt-4o")
            #expect(o2["modelId"] == "b9854a5c92dc496b997d99d20")
            #expect(o2["internalModelId"] == "b9854a5c92dc496b997d99d20")
            #expect(o2["modelParameters"] == ["temperature": 0.2])
            #expect(o2["usageDetails"] == ["input": 1000, "output": 500, "total": 1500])
            #expect(o2["costDetails"] == ["input": 0.0025, "output": 0.005, "total": 0.0075])
            #expect(o2["totalCost"] == 0.0075)
            #expect(o2["usagePricingTierName"] == v1["usagePricingTierName"])
            #expect(o2["promptId"] == .null)
            #expect(o2["promptName"] == "greet")
            #expect(o2["promptVersion"] == 3)
            #expect(o2["latency"] == 4)
            #expect(o2["timeToFirstToken"] == 1)
            #expect(o2["tags"] == ["x", "y"])
            #expect(o2["release"] == "r1")
            #expect(o2["traceName"] == "chat")
            let o1 = try #require(reply.items.first { $0["id"] == "o1" })
            #expect(o1["latency"] == 2)
            #expect(o1["timeToFirstToken"] == .null)
            #expect(o1["model"] == .null)
            #expect(o1["usageDetails"] == [:])
            #expect(o1["totalCost"] == .null)
            #expect(o1["promptVersion"] == .null)
        }
    }

    /// Prices are decimal strings (SDK 5 rejects numbers), with the `model` group.
    @Test func v2PricesAreStrings() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.v2, [("fields", "model")], auth: app.a.basic)
            let o2 = try #require(reply.items.first { $0["id"] == "o2" }, "\(reply)")
            let input = try #require(o2["inputPrice"]?.stringValue, "\(o2)")
            let output = try #require(o2["outputPrice"]?.stringValue, "\(o2)")
            #expect(Decimal(string: input) == Decimal(string: "0.0000025"), "\(input)")
            #expect(Decimal(string: output) == Decimal(string: "0.00001"), "\(output)")
            #expect(!input.contains("e") && !input.contains("E"), "no exponent: \(input)")
            #expect(o2["totalPrice"]?.stringValue != nil || o2["totalPrice"] == .null)
            let o1 = try #require(reply.items.first { $0["id"] == "o1" })
            #expect(o1["inputPrice"] == .null)
            #expect(o1["modelId"] == .null)
        }
    }

    /// Input and output are the raw strings: a string as itself, JSON as its text.
    @Test func v2InputAndOutputAreRawStrings() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.v2, [("fields", "io")], auth: app.a.basic)
            let o1 = try #require(reply.items.first { $0["id"] == "o1" }, "\(reply)")
            let o1Input = try #require(o1["input"]?.stringValue, "\(o1)")
            #expect(try JSONParser.parse(Data(o1Input.utf8)) == ["q": "hi"])
            #expect(o1["output"] == "found")
            let o2 = try #require(reply.items.first { $0["id"] == "o2" })
            #expect(o2["input"] == "raw prompt")
            let o2Output = try #require(o2["output"]?.stringValue, "\(o2)")
            #expect(try JSONParser.parse(Data(o2Output.utf8)) == ["answer": 42])
            let o3 = try #require(reply.items.first { $0["id"] == "o3" })
            #expect(o3["input"] == .null)
            #expect(o3["output"] == .null)
            for value in ["false", "FALSE", ""] {
                let explicit = try await client.list(Self.v2, [("fields", "io"), ("parseIoAsJson", value)], auth: app.a.basic)
                #expect(explicit.status == 200, "parseIoAsJson=\(value): \(explicit)")
                #expect(explicit.items.first { $0["id"] == "o2" }?["input"] == "raw prompt")
            }
        }
    }

    /// Metadata values over 200 characters are cut to 200 unless `expandMetadata` names them.
    @Test func v2MetadataTruncationAndExpansion() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let cut = try await client.list(Self.v2, [("fields", "metadata"), ("traceId", "ta")], auth: app.a.basic)
            let o2 = try #require(cut.items.first { $0["id"] == "o2" }, "\(cut)")
            #expect(o2["metadata"] == ["long": .string(String(repeating: "a", count: 200)), "exact": .string(Self.exactValue), "short": "s"])
            let o1 = try #require(cut.items.first { $0["id"] == "o1" })
            #expect(o1["metadata"] == ["team": "search"])

            let expanded = try await client.list(Self.v2, [("fields", "metadata"), ("traceId", "ta"), ("expandMetadata", "long")], auth: app.a.basic)
            #expect(expanded.items.first { $0["id"] == "o2" }?["metadata"] == ["long": .string(Self.longValue), "exact": .string(Self.exactValue), "short": "s"])
            let other = try await client.list(Self.v2, [("fields", "metadata"), ("traceId", "ta"), ("expandMetadata", "short,nope")], auth: app.a.basic)
            #expect(other.items.first { $0["id"] == "o2" }?["metadata"]?["long"] == .string(String(repeating: "a", count: 200)))
            let v1 = try await client.observation("o2", auth: app.a.basic)
            #expect(v1.json["metadata"]?["long"] == .string(Self.longValue), "v1 reads are never truncated")
        }
    }

    // MARK: v2 cursor

    /// `count` observations of one trace, all starting at the same instant.
    static func seedTies(_ client: TestClient, _ auth: String, count: Int) async throws {
        var events = [Events.trace("tc", ["name": "ties"])]
        for index in 0..<count {
            events.append(Events.observation("span-create", String(format: "c%02d", index), traceId: "tc", ["startTime": .string(At.noon(0))]))
        }
        try await client.seed(events, auth: auth)
    }

    /// Walks every page; returns the pages' ids and whether each had a cursor.
    static func walk(_ client: TestClient, _ auth: String, limit: Int, _ extra: [(String, String)] = []) async throws -> [([String], Bool)] {
        var pages: [([String], Bool)] = []
        var cursor: String?
        repeat {
            let pairs = [("limit", "\(limit)")] + extra + (cursor.map { [("cursor", $0)] } ?? [])
            let reply = try await client.list(v2, pairs, auth: auth)
            #expect(reply.status == 200, "\(reply)")
            cursor = reply.cursor
            pages.append((reply.ids, cursor != nil))
        } while cursor != nil && pages.count < 100
        return pages
    }

    @Test func cursorWalkOverTiesReturnsEachObservationOnce() async throws {
        try await TestApp.run { app, client in
            try await Self.seedTies(client, app.a.basic, count: 25)
            let pages = try await Self.walk(client, app.a.basic, limit: 7)
            #expect(pages.map(\.0.count) == [7, 7, 7, 4])
            #expect(pages.map(\.1) == [true, true, true, false])
            let ids = pages.flatMap(\.0)
            #expect(ids == (0..<25).reversed().map { String(format: "c%02d", $0) })
            #expect(Set(ids).count == 25)
        }
    }

    @Test func fullLastPageHasNoCursor() async throws {
        try await TestApp.run { app, client in
            try await Self.seedTies(client, app.a.basic, count: 21)
            let pages = try await Self.walk(client, app.a.basic, limit: 7)
            #expect(pages.map(\.0.count) == [7, 7, 7])
            #expect(pages.map(\.1) == [true, true, false])
            #expect(Set(pages.flatMap(\.0)).count == 21)
        }
    }

    @Test func cursorWalkKeepsTheFilterAndMixedTimes() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            try await Self.seedTies(client, app.a.basic, count: 5)
            let pages = try await Self.walk(client, app.a.basic, limit: 2)
            // o4 starts at 12:00 too: ties go by id, descending.
            #expect(pages.flatMap(\.0) == ["o5", "o3", "o2", "o1", "o4", "c04", "c03", "c02", "c01", "c00"])
            #expect(pages.map(\.1) == [true, true, true, true, false])
            let filtered = try await Self.walk(client, app.a.basic, limit: 1, [("traceId", "tb")])
            #expect(filtered.flatMap(\.0) == ["o5", "o3", "o4"])
            #expect(filtered.map(\.1) == [true, true, false])
        }
    }

    @Test func v2LimitDefaultsTo50AndAllows1000() async throws {
        try await TestApp.run { app, client in
            try await Self.seedTies(client, app.a.basic, count: 51)
            let first = try await client.list(Self.v2, auth: app.a.basic)
            #expect(first.items.count == 50)
            #expect(first.cursor != nil)
            let all = try await client.list(Self.v2, [("limit", "1000")], auth: app.a.basic)
            #expect(all.items.count == 51)
            #expect(all.json["meta"] == [:])
        }
    }

    // MARK: v2 filters

    static let v2Cases: [(String, [(String, String)], [String])] = [
        ("empty parentObservationId: roots", [("parentObservationId", "")], ["o3", "o1", "o4"]),
        ("parentObservationId", [("parentObservationId", "o4")], ["o5"]),
        ("isRootObservation=true", [("isRootObservation", "true")], ["o3", "o1", "o4"]),
        ("isRootObservation=false", [("isRootObservation", "false")], ["o5", "o2"]),
        ("userId is the trace's", [("userId", "u2")], ["o5", "o3", "o4"]),
        ("sessionId is the trace's", [("sessionId", "s1")], ["o2", "o1"]),
        ("level", [("level", "WARNING")], ["o2"]),
        ("environment any of", [("environment", "staging"), ("environment", "production")], ["o5", "o3", "o2", "o1", "o4"]),
        ("type and name", [("type", "GENERATION"), ("name", "llm"), ("sessionId", "s2")], ["o5"]),
        ("fromStartTime and toStartTime", [("fromStartTime", "2026-03-01T12:01:00Z"), ("toStartTime", "2026-03-01T12:03:00Z")], ["o2", "o1"]),
        ("version", [("version", "v2")], ["o2"]),
    ]

    @Test(arguments: v2Cases)
    func v2SimpleParameter(label: String, pairs: [(String, String)], expected: [String]) async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.v2, pairs, auth: app.a.basic)
            reply.expectListed(expected, label, counted: false)
        }
    }

    static let v2FilterCases: [(String, [JSONValue], [String])] = [
        ("userId", [Filter.string("userId", "=", "u1")], ["o2", "o1"]),
        ("sessionId", [Filter.string("sessionId", "=", "s2")], ["o5", "o3", "o4"]),
        ("traceName", [Filter.string("traceName", "=", "embed")], ["o5", "o3", "o4"]),
        ("tags any of", [Filter.options("tags", "any of", ["x"], type: "arrayOptions")], ["o2", "o1"]),
        ("tags all of", [Filter.options("tags", "all of", ["x", "y"], type: "arrayOptions")], ["o2", "o1"]),
        ("tags none of", [Filter.options("tags", "none of", ["x"], type: "arrayOptions")], ["o5", "o3", "o4"]),
        ("traceTags alias", [Filter.options("traceTags", "any of", ["y"], type: "arrayOptions")], ["o5", "o3", "o2", "o1", "o4"]),
        ("isRootObservation", [Filter.condition("boolean", "isRootObservation", "=", true)], ["o3", "o1", "o4"]),
        ("release", [Filter.string("release", "=", "r2")], ["o5", "o3", "o4"]),
        ("input = a string", [Filter.string("input", "=", "raw prompt")], ["o2"]),
        ("output = a string", [Filter.string("output", "=", "found")], ["o1"]),
        ("= with contains", [Filter.string("input", "=", "raw prompt"), Filter.string("input", "contains", "raw")], ["o2"]),
        ("= with a contains that excludes", [Filter.string("input", "=", "raw prompt"), Filter.string("output", "contains", "nothing")], []),
        ("matches is case-insensitive", [Filter.string("output", "matches", "FOUND")], ["o1"]),
        ("matches on JSON input", [Filter.string("input", "matches", "hi")], ["o1"]),
        ("matches with contains", [Filter.string("input", "matches", "raw"), Filter.string("input", "contains", "prompt")], ["o2"]),
        ("metadata matches", [Filter.condition("stringObject", "metadata", "matches", "search", key: "team")], ["o1"]),
    ]

    @Test(arguments: v2FilterCases)
    func v2Filter(label: String, conditions: [JSONValue], expected: [String]) async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.v2, filter: conditions, auth: app.a.basic)
            reply.expectListed(expected, label, counted: false)
        }
    }

    /// Langfuse's I/O rules: string filters only, and at least one `=` or `matches` on I/O.
    static let inputOutputRefusals: [(String, [JSONValue], String)] = [
        ("contains alone", [Filter.string("input", "contains", "hi")], "Input/output filters require at least one `matches` or `=` operator."),
        ("starts with alone", [Filter.string("output", "starts with", "f")], "Input/output filters require at least one `matches` or `=` operator."),
        ("contains and does not contain", [Filter.string("input", "contains", "a"), Filter.string("output", "does not contain", "b")],
         "Input/output filters require at least one `matches` or `=` operator."),
        ("stringOptions", [Filter.options("input", "any of", ["hi"])], "Input/output filters only support filter type `string`."),
        ("null", [Filter.condition("null", "output", "is null", "")], "Input/output filters only support filter type `string`."),
        ("= with a stringOptions", [Filter.string("input", "=", "x"), Filter.options("output", "any of", ["y"])],
         "Input/output filters only support filter type `string`."),
    ]

    @Test(arguments: inputOutputRefusals)
    func v2InputOutputRules(label: String, conditions: [JSONValue], problem: String) async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let reply = try await client.list(Self.v2, filter: conditions, auth: app.a.basic)
            #expect(reply.status == 400, "\(label): \(reply)")
            #expect(reply.detail == "filter: \(problem)", "\(label): \(reply)")
            #expect(reply.message == "Invalid request data: filter: \(problem)", "\(label)")
        }
    }

    /// `matches` exists on v2 observations only.
    @Test func matchesIsRefusedOutsideV2Observations() async throws {
        try await TestApp.run { app, client in
            try await Self.seed(client, app.a.basic)
            let condition = [Filter.string("input", "matches", "hi")]
            for path in [Self.v1, "/api/public/traces"] {
                let column = path == Self.v1 ? "input" : "name"
                let reply = try await client.list(path, filter: [Filter.string(column, "matches", "hi")], auth: app.a.basic)
                #expect(reply.status == 400, "\(path): \(reply)")
                #expect(reply.detail?.hasPrefix("filter[0].operator:") == true, "\(path): \(reply)")
            }
            let onName = try await client.list(Self.v2, filter: [Filter.string("name", "matches", "llm")], auth: app.a.basic)
            #expect(onName.status == 400, "\(onName)")
            #expect(onName.detail?.hasPrefix("filter[0].operator:") == true, "\(onName)")
            let noToken = try await client.list(Self.v2, filter: [Filter.string("input", "matches", "%_ -")], auth: app.a.basic)
            #expect(noToken.status == 400, "\(noToken)")
            #expect(noToken.detail?.hasPrefix("filter[0].value:") == true, "\(noToken)")
            #expect(try await client.list(Self.v2, filter: condition, auth: app.a.basic).status == 200)
        }
    }

    @Test func parseIoAsJsonTrueIs400() async throws {
        try await TestApp.run { app, client in
            for value in ["true", "TRUE"] {
                let reply = try await client.list(Self.v2, [("parseIoAsJson", value)], auth: app.a.basic)
                #expect(reply.status == 400, "\(reply)")
                #expect(reply.detail?.hasPrefix("parseIoAsJson:") == true, "\(reply)")
            }
        }
    }

    /// An observation that arrives before its trace takes the trace's user, session, name and
    /// tags once the trace arrives, and follows later changes of them.
    @Test func traceAttributesFollowTheTrace() async throws {
        try await TestApp.run { app, client in
            try await client.seed([Events.observation("span-create", "early", traceId: "tl", ["startTime": .string(At.noon(0))])], auth: app.a.basic)
            #expect(try await client.list(Self.v2, [("userId", "later")], auth: app.a.basic).ids == [])
            try await client.seed([Events.trace("tl", ["userId": "later", "sessionId": "sl", "name": "late", "tags": ["t"]])], auth: app.a.basic)
            #expect(try await client.list(Self.v2, [("userId", "later")], auth: app.a.basic).ids == ["early"])
            #expect(try await client.list(Self.v2, [("sessionId", "sl")], auth: app.a.basic).ids == ["early"])
            #expect(try await client.list(Self.v1, [("userId", "later")], auth: app.a.basic).ids == ["early"])
            #expect(try await client.list(Self.v2, filter: [Filter.string("traceName", "=", "late")], auth: app.a.basic).ids == ["early"])
            try await client.seed([
                Events.envelope("trace-create", id: "env-tl-2", body: ["id": "tl", "userId": "changed"], timestamp: At.noon(30)),
            ], auth: app.a.basic)
            #expect(try await client.list(Self.v2, [("userId", "later")], auth: app.a.basic).ids == [])
            let reply = try await client.list(Self.v2, [("userId", "changed")], auth: app.a.basic)
            #expect(reply.ids == ["early"])
            #expect(reply.items.first?["userId"] == "changed")
            #expect(reply.items.first?["sessionId"] == "sl")
        }
    }
}
