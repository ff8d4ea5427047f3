import Foundation
import LangfarmCore
import Testing
@testable import LangfarmServer

/// The metrics API over HTTP: `GET /api/public/metrics` (v1), `/api/public/v2/metrics` and
/// `/api/public/metrics/daily`, their 400s, authentication and project scope.
@Suite struct MetricsQueryEndpointTests {
    static let window = #""fromTimestamp":"2026-03-01T00:00:00Z","toTimestamp":"2026-03-03T00:00:00Z""#

    /// Two generations (gpt-4o, 1 s, and gpt-4o-mini, 3 s) and a span in one trace for
    /// `project`, scaled by `factor` so that each project's numbers differ.
    func seed(_ client: TestClient, _ project: TestProject, factor: Double = 1, model: String = "gpt-4o") async throws {
        let reply = try await client.ingest([
            Events.trace("t-\(project.id)", ["name": "chat", "userId": "u1", "tags": ["x", "y"], "environment": "production", "timestamp": "2026-03-01T12:00:00.000Z"]),
            Events.observation("generation-create", "g1-\(project.id)", traceId: "t-\(project.id)", [
                "name": "llm", "model": .string(model), "startTime": "2026-03-01T12:00:00.000Z", "endTime": "2026-03-01T12:00:01.000Z",
                "usageDetails": ["input": .number(10 * factor), "output": .number(5 * factor)], "costDetails": ["input": .number(0.5 * factor), "output": .number(0.25 * factor)],
            ]),
            Events.observation("generation-create", "g2-\(project.id)", traceId: "t-\(project.id)", [
                "name": "llm", "model": "gpt-4o-mini", "startTime": "2026-03-02T08:00:00.000Z", "endTime": "2026-03-02T08:00:03.000Z",
                "usageDetails": ["input": 1, "output": 1], "costDetails": ["input": 0.125, "output": 0.125],
            ]),
            Events.observation("span-create", "s1-\(project.id)", traceId: "t-\(project.id)", ["name": "retrieve", "startTime": "2026-03-01T12:00:00.000Z"]),
        ], auth: project.basic)
        #expect(reply.json.ids("successes").count == 4, "\(reply)")
    }

    /// `path?query=<text>`, percent-encoded as `encodeURIComponent` does.
    func metrics(_ client: TestClient, _ path: String, _ text: String, auth: String?) async throws -> Reply {
        try await client.get("\(path)?query=\(TestClient.encodePathSegment(text))", auth: auth)
    }

    @Test func v2AnswersRowsWithCountsAsStrings() async throws {
        try await TestApp.run { app, client in
            try await seed(client, app.a)
            let query = #"{"view":"observations",\#(Self.window),"dimensions":[{"field":"providedModelName"}],"metrics":[{"measure":"totalCost","aggregation":"sum"},{"measure":"count","aggregation":"count"},{"measure":"totalTokens","aggregation":"sum"},{"measure":"latency","aggregation":"p95"}],"filters":[{"type":"stringOptions","column":"type","operator":"any of","value":["GENERATION"]}],"orderBy":[{"field":"providedModelName","direction":"asc"}]}"#
            let reply = try await metrics(client, "/api/public/v2/metrics", query, auth: app.a.basic)
            #expect(reply.status == 200, "\(reply)")
            #expect(reply.json == ["data": [
                ["providedModelName": "gpt-4o", "sum_totalCost": 0.75, "count_count": "1", "sum_totalTokens": "15", "p95_latency": 1000],
                ["providedModelName": "gpt-4o-mini", "sum_totalCost": 0.25, "count_count": "1", "sum_totalTokens": "2", "p95_latency": 3000],
            ]])
        }
    }

    @Test func formEncodedQueriesAsPythonSendsThem() async throws {
        try await TestApp.run { app, client in
            try await seed(client, app.a)
            // Python's urlencode writes spaces as '+'.
            let query = #"{"view": "observations", "fromTimestamp": "2026-03-01T00:00:00Z", "toTimestamp": "2026-03-03T00:00:00Z", "metrics": [{"measure": "count", "aggregation": "count"}], "timeDimension": {"granularity": "day"}}"#
            let encoded = TestClient.encodePathSegment(query).replacingOccurrences(of: "%20", with: "+")
            let reply = try await client.get("/api/public/v2/metrics?query=\(encoded)", auth: app.a.basic)
            #expect(reply.status == 200, "\(reply)")
            #expect(reply.json == ["data": [
                ["time_dimension": "2026-03-01", "count_count": "2"], ["time_dimension": "2026-03-02", "count_count": "1"],
            ]], "gap-filled up to the day holding the window's end")
        }
    }

    @Test func v1AnswersTheTracesViewAndV2RefusesIt() async throws {
        try await TestApp.run { app, client in
            try await seed(client, app.a)
            let query = #"{"view":"traces",\#(Self.window),"dimensions":[{"field":"name"}],"metrics":[{"measure":"count","aggregation":"count"},{"measure":"totalCost","aggregation":"sum"}]}"#
            let v1 = try await metrics(client, "/api/public/metrics", query, auth: app.a.basic)
            #expect(v1.status == 200, "\(v1)")
            #expect(v1.json == ["data": [["name": "chat", "count_count": "1", "sum_totalCost": 1.0]]])
            let v2 = try await metrics(client, "/api/public/v2/metrics", query, auth: app.a.basic)
            #expect(v2.status == 400, "\(v2)")
            #expect(v2.message?.contains("query.view") == true, "\(v2)")
        }
    }

    @Test func badQueriesAre400sNamingTheirPart() async throws {
        try await TestApp.run { app, client in
            let missing = try await client.get("/api/public/v2/metrics", auth: app.a.basic)
            #expect(missing.status == 400 && missing.message?.contains("query: is required") == true, "\(missing)")
            let cases: [(String, String)] = [
                ("{nope", "Invalid JSON in query parameter"),
                (#"{"view":"observations","fromTimestamp":"2026-03-02T00:00:00Z","toTimestamp":"2026-03-01T00:00:00Z","metrics":[{"measure":"count","aggregation":"count"}]}"#,
                 "fromTimestamp must be before toTimestamp"),
                (#"{"view":"observations",\#(Self.window),"dimensions":[{"field":"traceId"}],"metrics":[{"measure":"count","aggregation":"count"}]}"#,
                 "require both 'config.row_limit' and 'orderBy' with direction 'desc'"),
                (#"{"view":"observations",\#(Self.window),"dimensions":[{"field":"colour"}],"metrics":[{"measure":"count","aggregation":"count"}]}"#,
                 "query.dimensions[0].field: Invalid dimension colour"),
                (#"{"view":"observations",\#(Self.window),"metrics":[{"measure":"count","aggregation":"count"}],"config":{"row_limit":5000}}"#,
                 "query.config.row_limit"),
                (#"{"view":"observations",\#(Self.window),"metrics":[{"measure":"count","aggregation":"count"}],"filters":[{"type":"number","column":"totalCost","operator":">","value":1}]}"#,
                 "is a measure"),
            ]
            for (query, message) in cases {
                let reply = try await metrics(client, "/api/public/v2/metrics", query, auth: app.a.basic)
                #expect(reply.status == 400, "\(query): \(reply)")
                #expect(reply.message?.contains(message) == true, "\(query): \(reply)")
                #expect(reply.json["error"]?.arrayValue?.isEmpty == false, "\(reply)")
            }
        }
    }

    @Test func everyRouteNeedsTheProjectKey() async throws {
        try await TestApp.run { app, client in
            let query = #"{"view":"observations",\#(Self.window),"metrics":[{"measure":"count","aggregation":"count"}]}"#
            for path in ["/api/public/metrics", "/api/public/v2/metrics"] {
                let anonymous = try await metrics(client, path, query, auth: nil)
                let wrongSecret = try await metrics(client, path, query, auth: TestApp.basic("\(app.a.publicKey):wrong"))
                let publicKeyOnly = try await metrics(client, path, query, auth: app.a.bearer)
                #expect(anonymous.status == 401 && wrongSecret.status == 401, "\(path)")
                #expect(publicKeyOnly.status == 403, "\(path): a public key alone reads no metrics")
            }
            #expect(try await client.get("/api/public/metrics/daily", auth: nil).status == 401)
            #expect(try await client.get("/api/public/metrics/daily", auth: app.a.bearer).status == 403)
        }
    }

    @Test func projectBNeverSeesANumbers() async throws {
        try await TestApp.run { app, client in
            try await seed(client, app.a, factor: 1)
            try await seed(client, app.b, factor: 4, model: "gpt-4o")
            let query = #"{"view":"observations",\#(Self.window),"metrics":[{"measure":"count","aggregation":"count"},{"measure":"inputTokens","aggregation":"sum"}],"filters":[{"type":"string","column":"providedModelName","operator":"=","value":"gpt-4o"}]}"#
            let a = try await metrics(client, "/api/public/v2/metrics", query, auth: app.a.basic)
            let b = try await metrics(client, "/api/public/v2/metrics", query, auth: app.b.basic)
            #expect(a.json == ["data": [["count_count": "1", "sum_inputTokens": "10"]]], "\(a)")
            #expect(b.json == ["data": [["count_count": "1", "sum_inputTokens": "40"]]], "\(b)")
            let dailyB = try await client.get("/api/public/metrics/daily", auth: app.b.basic)
            #expect(dailyB.json["data"]?[1]?["usage"]?.arrayValue?.first { $0["model"] == "gpt-4o" }?["inputUsage"] == 40, "\(dailyB)")
        }
    }

    @Test func dailyMetricsPagesDaysNewestFirst() async throws {
        try await TestApp.run { app, client in
            try await seed(client, app.a)
            let reply = try await client.get("/api/public/metrics/daily", auth: app.a.basic)
            #expect(reply.status == 200, "\(reply)")
            #expect(reply.json["meta"] == ["page": 1, "limit": 50, "totalItems": 1, "totalPages": 1], "totalItems counts the days with traces")
            let days = try #require(reply.json["data"]?.arrayValue)
            #expect(days.map { $0["date"] } == ["2026-03-02", "2026-03-01"])
            #expect(days[1] == [
                "date": "2026-03-01", "countTraces": 1, "countObservations": 2, "totalCost": 0.75,
                "usage": [
                    ["model": nil, "inputUsage": 0, "outputUsage": 0, "totalUsage": 0, "countObservations": 1, "countTraces": 1, "totalCost": 0],
                    ["model": "gpt-4o", "inputUsage": 10, "outputUsage": 5, "totalUsage": 15, "countObservations": 1, "countTraces": 1, "totalCost": 0.75],
                ],
            ])
            let second = try await client.get("/api/public/metrics/daily?page=2&limit=1", auth: app.a.basic)
            #expect(second.json["data"]?.arrayValue?.map { $0["date"] } == ["2026-03-01"], "\(second)")
            let tagged = try await client.get("/api/public/metrics/daily?tags=x&tags=z", auth: app.a.basic)
            #expect(tagged.json["data"] == [], "all of the tags")
            let csv = try await client.get("/api/public/metrics/daily?tags=x,y&traceName=chat&userId=u1", auth: app.a.basic)
            #expect(csv.json["data"]?.arrayValue?.count == 2, "\(csv)")
            let production = try await client.get("/api/public/metrics/daily?environment=production", auth: app.a.basic)
            #expect(production.json["data"]?.arrayValue?.map { [$0["countTraces"], $0["countObservations"]] } == [[1, 0]],
                    "the environment applies to traces and to observations (these are in 'default')")
            let windowed = try await client.get("/api/public/metrics/daily?fromTimestamp=2026-03-02T00:00:00Z", auth: app.a.basic)
            #expect(windowed.json["data"]?.arrayValue?.map { $0["date"] } == ["2026-03-02"], "\(windowed)")
            #expect(try await client.get("/api/public/metrics/daily?limit=101", auth: app.a.basic).status == 400)
            let badTime = try await client.get("/api/public/metrics/daily?toTimestamp=yesterday", auth: app.a.basic)
            #expect(badTime.status == 400 && badTime.message?.contains("toTimestamp") == true, "\(badTime)")
        }
    }
}
