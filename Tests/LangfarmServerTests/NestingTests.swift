import Foundation
import LangfarmCore
import Testing

/// Deeply nested JSON: refused without crashing when too deep, and kept intact (also across later
/// updates, which refold the row from the event log) when the request was accepted.
@Suite struct NestingTests {
    /// `depth` nested arrays around `1`.
    static func nestedArrays(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
    }

    /// The deepest input a legacy `POST /api/public/traces` body (`{"id":…,"input":…}`) can carry
    /// and still be parsed by the server's JSON parser.
    static func deepestAcceptedInput() -> Int {
        var depth = 1
        while (try? JSONValue.parse(Data(#"{"input":\#(nestedArrays(depth + 1))}"#.utf8))) != nil { depth += 1 }
        return depth
    }

    @Test func deeplyNestedInputDoesNotCrashTheServer() async throws {
        try await TestApp.run { app, client in
            let depth = 10_000
            let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            let text = #"{"batch":[{"id":"deep","type":"trace-create","timestamp":"2026-03-01T12:00:00Z","body":{"id":"t-deep","input":\#(nested)}}]}"#
            let reply = try await client.send(.post, "/api/public/ingestion", auth: app.a.basic, body: Data(text.utf8))
            if reply.status == 207 {
                #expect(reply.json.ids("errors") == ["deep"], "\(reply)")
            } else {
                #expect(reply.status == 400, "\(reply)")
            }
            #expect(try await client.trace("t-deep", auth: app.a.basic).status == 404)

            let legacy = try await client.send(
                .post, "/api/public/traces", auth: app.a.basic, body: Data(#"{"id":"t-deep2","input":\#(nested)}"#.utf8)
            )
            #expect(legacy.status == 400, "\(legacy)")

            let after = try await client.ingest([Events.trace("t-after")], auth: app.a.basic)
            #expect(after.status == 207)
            #expect(try await client.trace("t-after", auth: app.a.basic).status == 200)
        }
    }

    /// Nesting that real payloads reach (a few hundred levels) is kept intact.
    @Test func moderatelyNestedInputIsStoredIntact() async throws {
        try await TestApp.run { app, client in
            var input: JSONValue = "leaf"
            for level in 0..<200 { input = level.isMultiple(of: 2) ? ["k": input] : [input] }
            let reply = try await client.ingest([Events.trace("t1", ["input": input])], auth: app.a.basic)
            #expect(reply.json.ids("successes") == ["env-t1"], "\(reply)")
            let trace = try await client.trace("t1", auth: app.a.basic)
            let intact = trace.json["input"] == input
            #expect(intact, "input came back as \(trace.json["input"]?.jsonText.prefix(80) ?? "absent")")
        }
    }

    /// A legacy body is wrapped in an envelope before it is logged, one level deeper than the
    /// request. Whatever was accepted must still be readable when a later event refolds the row.
    @Test func acceptedLegacyInputSurvivesALaterUpdate() async throws {
        try await TestApp.run { app, client in
            let depth = Self.deepestAcceptedInput()
            let input = Self.nestedArrays(depth)
            let created = try await client.send(
                .post, "/api/public/traces", auth: app.a.basic, body: Data(#"{"id":"t1","input":\#(input)}"#.utf8)
            )
            #expect(created.status == 200, "depth \(depth): \(created)")
            let expected = try JSONValue.parse(Data(input.utf8))
            // Compared outside #expect: rendering a 500-level value in a failure message takes minutes.
            let storedFirst = try await client.trace("t1", auth: app.a.basic).json["input"] == expected
            #expect(storedFirst, "the deep input was not stored")

            let updated = try await client.send(.post, "/api/public/traces", auth: app.a.basic, json: ["id": "t1", "name": "later"])
            #expect(updated.status == 200, "\(updated)")
            let trace = try await client.trace("t1", auth: app.a.basic)
            #expect(trace.json["name"] == "later")
            let kept = trace.json["input"] == expected
            #expect(kept, "the first event was dropped when the row was refolded (depth \(depth)); input is \(trace.json["input"]?.jsonText.prefix(40) ?? "absent")")
        }
    }

    /// The same through `POST /api/public/scores`: a single score's metadata at the deepest depth.
    @Test func acceptedScoreMetadataSurvivesALaterUpdate() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([Events.trace("t1")], auth: app.a.basic)
            let depth = Self.deepestAcceptedInput()
            let metadata = Self.nestedArrays(depth)
            let created = try await client.send(
                .post, "/api/public/scores", auth: app.a.basic,
                body: Data(#"{"id":"s1","traceId":"t1","name":"q","value":1,"metadata":\#(metadata)}"#.utf8)
            )
            #expect(created.status == 200, "\(created)")
            let updated = try await client.send(
                .post, "/api/public/scores", auth: app.a.basic, json: ["id": "s1", "traceId": "t1", "name": "q", "comment": "later", "value": 1]
            )
            #expect(updated.status == 200, "\(updated)")
            let score = try await client.trace("t1", auth: app.a.basic).json["scores"]?[0]
            #expect(score?["comment"] == "later")
            let kept = score?["metadata"]?["metadata"] == (try JSONValue.parse(Data(metadata.utf8)))
            #expect(kept, "the first score event was dropped when the row was refolded; metadata is \(score?["metadata"]?.jsonText.prefix(40) ?? "absent")")
        }
    }
}
