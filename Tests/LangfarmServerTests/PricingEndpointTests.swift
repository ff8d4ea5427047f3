import Foundation
import LangfarmCore
import Testing
@testable import LangfarmServer

/// Generations come back from the read API priced (compat §4, §5): whatever order model and
/// usage arrive in, with project definitions overriding built-in ones.
@Suite struct PricingEndpointTests {
    static let start = "2026-03-01T12:00:00.000Z"

    func generation(_ id: String, envelope: String, type: String = "generation-create", _ fields: [String: JSONValue]) -> JSONValue {
        Events.observation(type, id, traceId: "t1", envelopeId: envelope, fields.merging(["startTime": .string(Self.start)]) { $1 })
    }

    @Test func generationIsPricedWithTheBuiltInModel() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([
                Events.trace("t1"),
                generation("g1", envelope: "e1", ["model": "gpt-4o", "usageDetails": ["input": 1000, "output": 500]]),
                generation("g2", envelope: "e2", ["model": "gpt-4o-mini", "usage": ["input": 1000, "output": 1000, "unit": "TOKENS"],
                                                  "modelParameters": ["service_tier": "priority"]]),
            ], auth: app.a.basic)
            let g1 = try await client.observation("g1", auth: app.a.basic).json
            #expect(g1["modelId"] == "b9854a5c92dc496b997d99d20")
            #expect(g1["inputPrice"] == 0.0000025)
            #expect(g1["outputPrice"] == 0.00001)
            #expect(g1["usagePricingTierName"] == "Standard")
            #expect(g1["usagePricingTierId"] == "b9854a5c92dc496b997d99d20_tier_default")
            #expect(g1["costDetails"] == ["input": 0.0025, "output": 0.005, "total": 0.0075])
            #expect(g1["calculatedInputCost"] == 0.0025)
            #expect(g1["calculatedOutputCost"] == 0.005)
            #expect(g1["calculatedTotalCost"] == 0.0075)
            #expect(g1["usageDetails"] == ["input": 1000, "output": 500, "total": 1500])
            #expect(g1["promptTokens"] == 1000)
            #expect(g1["completionTokens"] == 500)
            #expect(g1["totalTokens"] == 1500)

            let g2 = try await client.observation("g2", auth: app.a.basic).json
            #expect(g2["usagePricingTierName"] == "Fast mode")
            #expect(g2["calculatedTotalCost"] == 0.00125)

            let trace = try await client.trace("t1", auth: app.a.basic).json
            #expect(trace["totalCost"] == 0.00875, "the trace sums its observations' costs")
        }
    }

    /// SDK v2 sends the model on create and the usage on update; here the update even arrives
    /// first, in a batch of its own.
    @Test func modelAndUsageInSeparateBatchesInEitherOrder() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([
                generation("g1", envelope: "e2", type: "generation-update", ["endTime": "2026-03-01T12:00:02.000Z",
                                                                             "usage": ["input": 1000, "output": 500]]),
            ], auth: app.a.basic)
            let unpriced = try await client.observation("g1", auth: app.a.basic).json
            #expect(unpriced["calculatedTotalCost"] == .null)
            _ = try await client.ingest([generation("g1", envelope: "e1", ["model": "gpt-4o"])], auth: app.a.basic)
            let priced = try await client.observation("g1", auth: app.a.basic).json
            #expect(priced["calculatedTotalCost"] == 0.0075, "\(priced)")
            #expect(priced["model"] == "gpt-4o")
        }
    }

    @Test func projectModelOverridesTheBuiltInOneForItsProjectOnly() async throws {
        try await TestApp.run { app, client in
            let created = try await client.send(.post, "/api/public/models", auth: app.a.basic, json: [
                "modelName": "gpt-4o", "matchPattern": "(?i)^(openai/)?(gpt-4o)$", "inputPrice": 0.001, "outputPrice": 0.002,
            ])
            #expect(created.status == 200, "\(created)")
            for project in [app.a, app.b] {
                _ = try await client.ingest([
                    Events.trace("t1"),
                    generation("g1", envelope: "e1", ["model": "gpt-4o", "usageDetails": ["input": 10, "output": 10]]),
                ], auth: project.basic)
            }
            let a = try await client.observation("g1", auth: app.a.basic).json
            #expect(a["modelId"] == created.json["id"])
            #expect(a["calculatedTotalCost"] == 0.03)
            let b = try await client.observation("g1", auth: app.b.basic).json
            #expect(b["modelId"] == "b9854a5c92dc496b997d99d20")
            #expect(b["calculatedTotalCost"] == 0.000125)
        }
    }

    /// A project's own pattern that makes a backtracking matcher run for minutes (`^(a+)+$`
    /// against `aaa…a!`) is matched in linear time: its generations, and the other project's
    /// written after them, are stored and priced at once. With Swift's `Regex`, this test hung.
    @Test func aCatastrophicPatternDoesNotStallIngestion() async throws {
        try await TestApp.run { app, client in
            let created = try await client.send(.post, "/api/public/models", auth: app.a.basic, json: [
                "modelName": "aaa", "matchPattern": "^(a+)+$", "inputPrice": 0.001, "outputPrice": 0.002,
            ])
            #expect(created.status == 200, "\(created)")
            let hostile = String(repeating: "a", count: 999) + "!"
            _ = try await client.ingest([
                Events.trace("t1"),
                generation("hostile", envelope: "e1", ["model": .string(hostile), "usageDetails": ["input": 10, "output": 10]]),
                generation("priced", envelope: "e2", ["model": "aaaa", "usageDetails": ["input": 10, "output": 10]]),
            ], auth: app.a.basic)
            // Past 1,000 characters a name is not matched at all (PriceBook.longestMatchedName).
            _ = try await client.ingest([
                generation("long", envelope: "e4", ["model": .string(String(repeating: "a", count: 1_001)), "usageDetails": ["input": 1]]),
            ], auth: app.a.basic)
            #expect(try await client.observation("long", auth: app.a.basic).json["modelId"] == .null)
            _ = try await client.ingest([Events.trace("t1"), generation("other", envelope: "e3", ["model": "gpt-4o"])], auth: app.b.basic)
            let unmatched = try await client.observation("hostile", auth: app.a.basic)
            #expect(unmatched.status == 200, "\(unmatched)")
            #expect(unmatched.json["model"] == .string(hostile))
            #expect(unmatched.json["modelId"] == .null)
            #expect(try await client.observation("priced", auth: app.a.basic).json["modelId"] == created.json["id"])
            #expect(try await client.observation("other", auth: app.b.basic).status == 200)
        }
    }

    @Test func providedCostWinsAndUnknownModelsStayUnpriced() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([
                Events.trace("t1"),
                generation("g1", envelope: "e1", ["model": "gpt-4o", "usageDetails": ["input": 1000], "costDetails": ["input": 0.5]]),
                generation("g2", envelope: "e2", ["model": "no-such-model", "usageDetails": ["input": 1000]]),
            ], auth: app.a.basic)
            let g1 = try await client.observation("g1", auth: app.a.basic).json
            #expect(g1["calculatedTotalCost"] == 0.5)
            #expect(g1["costDetails"] == ["input": 0.5, "total": 0.5])
            let g2 = try await client.observation("g2", auth: app.a.basic).json
            #expect(g2["modelId"] == .null)
            #expect(g2["calculatedTotalCost"] == .null)
            #expect(g2["costDetails"] == [:])
        }
    }

    /// Without usage, a gpt-4 generation is tokenised with cl100k_base ("hello world" is 2
    /// tokens, "Hi" 1, per tiktoken) and priced at $30 / $60 per M; gpt-4o and gpt-4o-mini
    /// (whose definition's tokenizerModel is gpt-4o) with o200k_base ("hello world" 2, "Hi" 1)
    /// at $2.50 / $10 and $0.15 / $0.60 per M; an ERROR generation is never tokenised.
    @Test func generationsWithoutUsageAreTokenisedWhereTheEncodingIsShipped() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([
                Events.trace("t1"),
                generation("g1", envelope: "e1", ["model": "gpt-4", "input": "hello world", "output": "Hi"]),
                generation("g2", envelope: "e2", ["model": "gpt-4o", "input": "hello world", "output": "Hi"]),
                generation("g3", envelope: "e3", ["model": "gpt-4", "input": "hello world", "level": "ERROR"]),
                generation("g4", envelope: "e4", ["model": "gpt-4o-mini", "input": "hello world", "output": "Hi"]),
            ], auth: app.a.basic)
            let g1 = try await client.observation("g1", auth: app.a.basic).json
            #expect(g1["usageDetails"] == ["input": 2, "output": 1, "total": 3], "\(g1)")
            #expect(g1["calculatedTotalCost"] == 0.00012)
            let g2 = try await client.observation("g2", auth: app.a.basic).json
            #expect(g2["usageDetails"] == ["input": 2, "output": 1, "total": 3], "\(g2)")
            #expect(g2["calculatedTotalCost"] == 0.000015)
            #expect(try await client.observation("g3", auth: app.a.basic).json["usageDetails"] == [:])
            let g4 = try await client.observation("g4", auth: app.a.basic).json
            #expect(g4["usageDetails"] == ["input": 2, "output": 1, "total": 3], "\(g4)")
            #expect(g4["calculatedTotalCost"] == 0.0000009)
        }
    }

    /// A generation whose model has no counted tokenizer (o3's definition names none) keeps
    /// empty usage and no cost.
    @Test func generationsWithoutATokenizerStayUnpriced() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([
                Events.trace("t1"),
                generation("g1", envelope: "e1", ["model": "o3", "input": "hello world", "output": "Hi"]),
            ], auth: app.a.basic)
            let g1 = try await client.observation("g1", auth: app.a.basic).json
            #expect(g1["usageDetails"] == [:])
            #expect(g1["calculatedTotalCost"] == .null)
        }
    }

    /// Bad usage and cost values refuse the event with a message naming the field; the good
    /// events of the batch are stored.
    @Test(arguments: [
        (#"{"costDetails":{"input":"0.5"}}"#, "costDetails.input"),
        (#"{"costDetails":{"input":-1}}"#, "costDetails.input"),
        (#"{"costDetails":{"input":1e300}}"#, "costDetails.input"),
        (#"{"usage":{"input":1,"inputCost":-2}}"#, "usage.inputCost"),
        (#"{"usage":{"input":1,"inputCost":"2"}}"#, "usage.inputCost"),
        (#"{"usageDetails":{"input":-5}}"#, "usageDetails.input"),
        (#"{"usageDetails":{"input":"many"}}"#, "usageDetails.input"),
        (#"{"usageDetails":{"input":1e300}}"#, "usageDetails.input"),
        (#"{"usage":{"input":1.5}}"#, "usage.input"),
    ])
    func badUsageOrCostIsRefusedPerEvent(fields: String, field: String) async throws {
        try await TestApp.run { app, client in
            var body = try JSONValue.parse(Data(fields.utf8)).objectValue ?? [:]
            body["model"] = "gpt-4o"
            let reply = try await client.ingest([
                Events.trace("t1"),
                generation("bad", envelope: "e-bad", body),
            ], auth: app.a.basic)
            #expect(reply.status == 207, "\(reply)")
            #expect(reply.json.ids("successes") == ["env-t1"])
            let error = try #require(reply.json.error(for: "e-bad"), "\(reply)")
            #expect(error["status"] == 400)
            #expect(error["message"]?.stringValue?.contains(field) == true || error["error"]?.jsonText.contains(field) == true, "\(error)")
            #expect(try await client.observation("bad", auth: app.a.basic).status == 404)
        }
    }
}
