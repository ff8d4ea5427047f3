import Foundation
import LangfarmCore
import Testing
@testable import LangfarmServer

/// Langfuse's models API (compat §4): listing the built-in and project definitions, creating,
/// reading and deleting project definitions, and every refusal naming its field.
@Suite struct ModelsEndpointTests {
    static let flatModel: JSONValue = [
        "modelName": "house-llm", "matchPattern": "(?i)^house-llm(-v\\d+)?$", "unit": "TOKENS",
        "inputPrice": 0.000001, "outputPrice": 0.000002,
    ]

    func modelCount(_ client: TestClient, _ project: TestProject) async throws -> Int {
        let reply = try await client.get("/api/public/models?limit=1", auth: project.basic)
        return try #require(reply.json["meta"]?["totalItems"]?.numberValue.map { Int($0) })
    }

    @Test func listsBuiltInModelsWithPagination() async throws {
        try await TestApp.run { app, client in
            let first = try await client.get("/api/public/models?page=1&limit=100", auth: app.a.basic)
            #expect(first.status == 200, "\(first)")
            #expect(first.json["meta"] == ["page": 1, "limit": 100, "totalItems": 167, "totalPages": 2])
            let second = try await client.get("/api/public/models?page=2&limit=100", auth: app.a.basic)
            #expect(second.json["data"]?.arrayValue?.count == 67)
            let firstIds = Set(first.json["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [])
            let secondIds = Set(second.json["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [])
            #expect(firstIds.isDisjoint(with: secondIds))
            let gpt4o = try #require(first.json["data"]?.arrayValue?.first { $0["modelName"] == "gpt-4o" })
            #expect(gpt4o["isLangfuseManaged"] == true)
            #expect(gpt4o["inputPrice"] == 0.0000025)
            #expect(gpt4o["prices"]?["output"] == ["price": 0.00001])
            #expect(gpt4o["tokenizerId"] == "openai")
            #expect(gpt4o["pricingTiers"]?.arrayValue?.count == 2)
            #expect(gpt4o["pricingTiers"]?[0]?["isDefault"] == true)
        }
    }

    @Test func paginationParametersAreChecked() async throws {
        try await TestApp.run { app, client in
            for query in ["limit=0", "limit=101", "limit=abc", "page=0", "page=-1", "page=1.5"] {
                let reply = try await client.get("/api/public/models?\(query)", auth: app.a.basic)
                #expect(reply.status == 400, "\(query): \(reply)")
                #expect(reply.text.contains(String(query.prefix(while: { $0 != "=" }))), "\(query): the parameter is named")
            }
        }
    }

    @Test func createReadAndDeleteAProjectModel() async throws {
        try await TestApp.run { app, client in
            let created = try await client.send(.post, "/api/public/models", auth: app.a.basic, json: Self.flatModel)
            #expect(created.status == 200, "\(created)")
            let id = try #require(created.json["id"]?.stringValue)
            #expect(created.json["isLangfuseManaged"] == false)
            #expect(created.json["inputPrice"] == 0.000001)
            #expect(created.json["totalPrice"] == .null)
            #expect(created.json["pricingTiers"]?[0]?["name"] == "Standard")
            #expect(created.json["pricingTiers"]?[0]?["id"] == .string("\(id)_tier_default"))

            #expect(try await client.get("/api/public/models/\(id)", auth: app.a.basic).json == created.json)
            #expect(try await client.get("/api/public/models/\(id)", auth: app.b.basic).status == 404, "invisible to project B")
            #expect(try await client.send(.delete, "/api/public/models/\(id)", auth: app.b.basic).status == 404)
            #expect(try await modelCount(client, app.a) == 168)
            #expect(try await modelCount(client, app.b) == 167)

            let deleted = try await client.send(.delete, "/api/public/models/\(id)", auth: app.a.basic)
            #expect(deleted.status == 200, "\(deleted)")
            #expect(deleted.json["message"] == "Model successfully deleted")
            #expect(try await client.get("/api/public/models/\(id)", auth: app.a.basic).status == 404)
            #expect(try await client.send(.delete, "/api/public/models/\(id)", auth: app.a.basic).status == 404)
        }
    }

    @Test func builtInModelsCannotBeDeleted() async throws {
        try await TestApp.run { app, client in
            let reply = try await client.send(.delete, "/api/public/models/b9854a5c92dc496b997d99d20", auth: app.a.basic)
            #expect(reply.status == 403, "\(reply)")
            #expect(reply.message?.contains("built in") == true)
            #expect(try await client.get("/api/public/models/b9854a5c92dc496b997d99d20", auth: app.a.basic).status == 200)
        }
    }

    @Test func tieredModelIsCreatedAsSent() async throws {
        try await TestApp.run { app, client in
            let body: JSONValue = [
                "modelName": "tiered", "matchPattern": "^tiered$",
                "pricingTiers": [
                    ["name": "Standard", "isDefault": true, "priority": 0, "conditions": [], "prices": ["input": 0.000001]],
                    ["name": "Long", "isDefault": false, "priority": 1, "prices": ["input": 0.000002],
                     "conditions": [["usageDetailPattern": "input", "operator": "gt", "value": 1000, "caseSensitive": false]]],
                    ["name": "Batch", "isDefault": false, "priority": 2, "prices": ["input": 0.0000005],
                     "conditions": [["source": "metadata", "key": "mode", "operator": "in", "values": ["batch"]]]],
                ],
            ]
            let reply = try await client.send(.post, "/api/public/models", auth: app.a.basic, json: body)
            #expect(reply.status == 200, "\(reply)")
            let tiers = try #require(reply.json["pricingTiers"]?.arrayValue)
            #expect(tiers.map { $0["name"] } == ["Standard", "Long", "Batch"])
            #expect(tiers[1]["conditions"]?[0]?["usageDetailPattern"] == "input")
            #expect(tiers[2]["conditions"]?[0]?["values"] == ["batch"])
        }
    }

    /// Each body is refused with a 400 that names the offending field, and no model is created.
    @Test(arguments: [
        (#"{"matchPattern":"^x$","inputPrice":1}"#, "modelName"),
        (#"{"modelName":"x","inputPrice":1}"#, "matchPattern"),
        (#"{"modelName":"x","matchPattern":"(?i)^(gpt","inputPrice":1}"#, "matchPattern"),
        // Matched in linear time: what needs backtracking is refused, not run for minutes later.
        (#"{"modelName":"x","matchPattern":"^(?=gpt)gpt$","inputPrice":1}"#, "matchPattern"),
        (#"{"modelName":"x","matchPattern":"^(gpt)\\1$","inputPrice":1}"#, "matchPattern"),
        (#"{"modelName":7,"matchPattern":"^x$","inputPrice":1}"#, "modelName"),
        (#"{"modelName":"x","matchPattern":"^x$","inputPrice":-1}"#, "inputPrice"),
        (#"{"modelName":"x","matchPattern":"^x$","inputPrice":"0.1"}"#, "inputPrice"),
        (#"{"modelName":"x","matchPattern":"^x$","inputPrice":1,"totalPrice":2}"#, "totalPrice"),
        (#"{"modelName":"x","matchPattern":"^x$"}"#, "pricingTiers"),
        (#"{"modelName":"x","matchPattern":"^x$","unit":"LITRES","inputPrice":1}"#, "unit"),
        (#"{"modelName":"x","matchPattern":"^x$","tokenizerId":"sentencepiece","inputPrice":1}"#, "tokenizerId"),
        (#"{"modelName":"x","matchPattern":"^x$","startDate":"yesterday","inputPrice":1}"#, "startDate"),
        (#"{"modelName":"x","matchPattern":"^x$","inputPrice":1,"pricingTiers":[{"name":"S","isDefault":true,"priority":0,"conditions":[],"prices":{"input":1}}]}"#, "pricingTiers"),
        (#"{"modelName":"x","matchPattern":"^x$","pricingTiers":[]}"#, "pricingTiers"),
        (#"{"modelName":"x","matchPattern":"^x$","pricingTiers":[{"name":"S","isDefault":false,"priority":1,"conditions":[{"source":"metadata","key":"k","operator":"in","values":["v"]}],"prices":{"input":1}}]}"#, "isDefault"),
        (#"{"modelName":"x","matchPattern":"^x$","pricingTiers":[{"name":"S","isDefault":true,"priority":0,"conditions":[],"prices":{"input":1}},{"name":"T","isDefault":true,"priority":0,"conditions":[],"prices":{"input":1}}]}"#, "isDefault"),
        (#"{"modelName":"x","matchPattern":"^x$","pricingTiers":[{"name":"S","isDefault":true,"priority":0,"conditions":[{"source":"metadata","key":"k","operator":"in","values":["v"]}],"prices":{"input":1}}]}"#, "conditions"),
        (#"{"modelName":"x","matchPattern":"^x$","pricingTiers":[{"name":"S","isDefault":true,"priority":0,"conditions":[],"prices":{}}]}"#, "prices"),
        (#"{"modelName":"x","matchPattern":"^x$","pricingTiers":[{"name":"S","isDefault":true,"priority":0,"conditions":[],"prices":{"input":-0.5}}]}"#, "prices.input"),
        (#"{"modelName":"x","matchPattern":"^x$","pricingTiers":[{"name":"S","isDefault":true,"priority":0,"conditions":[],"prices":{"input":1}},{"name":"L","isDefault":false,"priority":1,"conditions":[{"usageDetailPattern":"(input","operator":"gt","value":1}],"prices":{"input":2}}]}"#, "usageDetailPattern"),
        (#"{"modelName":"x","matchPattern":"^x$","pricingTiers":[{"name":"S","isDefault":true,"priority":0,"conditions":[],"prices":{"input":1}},{"name":"L","isDefault":false,"priority":1,"conditions":[{"usageDetailPattern":"input","operator":"between","value":1}],"prices":{"input":2}}]}"#, "operator"),
        (#"{"modelName":"x","matchPattern":"^x$","pricingTiers":[{"name":"S","isDefault":true,"priority":0,"conditions":[],"prices":{"input":1}},{"name":"S","isDefault":false,"priority":1,"conditions":[{"source":"metadata","key":"k","operator":"in","values":["v"]}],"prices":{"input":2}}]}"#, "names"),
        (#"[1,2]"#, "body"),
        (#"{"modelName":"x""#, "JSON"),
    ])
    func invalidModelsAreRefused(body: String, field: String) async throws {
        try await TestApp.run { app, client in
            let reply = try await client.send(.post, "/api/public/models", auth: app.a.basic, body: Data(body.utf8))
            #expect(reply.status == 400, "\(reply)")
            #expect(reply.text.contains(field), "names \(field): \(reply)")
            #expect(try await modelCount(client, app.a) == 167, "nothing was created")
        }
    }

    @Test func duplicateNameInAProjectIsAConflict() async throws {
        try await TestApp.run { app, client in
            #expect(try await client.send(.post, "/api/public/models", auth: app.a.basic, json: Self.flatModel).status == 200)
            let again = try await client.send(.post, "/api/public/models", auth: app.a.basic, json: Self.flatModel)
            #expect(again.status == 409, "\(again)")
            #expect(again.message?.contains("house-llm") == true)
            #expect(try await client.send(.post, "/api/public/models", auth: app.b.basic, json: Self.flatModel).status == 200,
                    "another project may use the same name")
        }
    }

    @Test func modelsNeedBasicAuth() async throws {
        try await TestApp.run { app, client in
            let anonymous = try await client.get("/api/public/models", auth: nil)
            #expect(anonymous.status == 401)
            let bearerList = try await client.get("/api/public/models", auth: app.a.bearer)
            #expect(bearerList.status == 403, "a public key alone only reaches scores")
            let bearerCreate = try await client.send(.post, "/api/public/models", auth: app.a.bearer, json: Self.flatModel)
            #expect(bearerCreate.status == 403)
        }
    }

    @Test func oversizedModelBodyIsRefused() async throws {
        try await TestApp.run { app, client in
            let huge = Data(#"{"modelName":"x","matchPattern":"\#(String(repeating: "a", count: 1_100_000))"}"#.utf8)
            let reply = try await client.send(.post, "/api/public/models", auth: app.a.basic, body: huge)
            #expect(reply.status == 413, "\(reply)")
        }
    }
}
