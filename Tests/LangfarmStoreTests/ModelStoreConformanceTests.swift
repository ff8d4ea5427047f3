import Foundation
import LangfarmCore
import LangfarmStore
import Testing

/// Model definitions and pricing in every `Store`: part of the conformance suite.
@Suite struct ModelStoreConformanceTests {
    typealias F = Fixtures

    static func model(_ id: String, project: String?, name: String, pattern: String, input: String) -> ModelDefinition {
        ModelDefinition(
            id: id, projectId: project, modelName: name, matchPattern: pattern,
            pricingTiers: [PricingTier(id: "\(id)_tier_default", name: "Standard", isDefault: true, priority: 0,
                                       conditions: [], prices: ["input": Decimal(string: input)!])],
            createdAt: 1_000, updatedAt: 1_000
        )
    }

    static func generation(_ id: String, model: String, input: Int) -> NormalisedEvent {
        F.event("generation-create", id: "\(id)-env", at: "2026-11-25T09:00:00.000Z", body: """
            {"id":"\(id)","traceId":"t","startTime":"2026-11-25T09:00:00.000Z","model":"\(model)","usageDetails":{"input":\(input)}}
            """)
    }

    @Test(arguments: StoreKind.allCases)
    func upsertIsIdempotentAndKeepsCreationTime(kind: StoreKind) async throws {
        let store = try await kind.makeStore().store
        let builtIn = DefaultModelPrices.definitions()
        #expect(try await store.upsertModels(builtIn) == 167)
        #expect(try await store.upsertModels(builtIn) == 0, "unchanged definitions are left alone")
        var changed = builtIn[0]
        changed.pricingTiers[0].prices["input"] = Decimal(string: "0.5")
        changed.createdAt = 99
        #expect(try await store.upsertModels([changed]) == 1)
        let stored = try #require(try await store.model(projectId: "p", id: changed.id))
        #expect(stored.pricingTiers[0].prices["input"] == Decimal(string: "0.5"))
        #expect(stored.createdAt == builtIn[0].createdAt, "a replaced definition keeps its creation time")
        #expect(stored.isBuiltIn)
    }

    @Test(arguments: StoreKind.allCases)
    func projectModelsAreScopedAndNamesUniquePerProject(kind: StoreKind) async throws {
        let store = try await kind.makeStore().store
        _ = try await store.upsertModels([Self.model("global", project: nil, name: "m", pattern: "^m$", input: "1")])
        try await store.createModel(Self.model("mine", project: "p", name: "m", pattern: "^m$", input: "2"))
        await #expect(throws: ModelNameTaken.self) {
            try await store.createModel(Self.model("mine-2", project: "p", name: "m", pattern: "^m2$", input: "3"))
        }
        try await store.createModel(Self.model("theirs", project: "q", name: "m", pattern: "^m$", input: "4"))

        let page = try await store.models(projectId: "p", page: 1, limit: 10)
        #expect(page.models.map(\.id) == ["mine", "global"], "own definitions first, other projects' invisible")
        #expect(page.totalItems == 2)
        #expect(try await store.models(projectId: "p", page: 2, limit: 1).models.map(\.id) == ["global"])
        #expect(try await store.model(projectId: "p", id: "theirs") == nil)

        #expect(try await !store.deleteModel(projectId: "p", id: "global"), "built-in definitions are not deleted")
        #expect(try await !store.deleteModel(projectId: "p", id: "theirs"))
        #expect(try await store.deleteModel(projectId: "p", id: "mine"))
        #expect(try await store.model(projectId: "p", id: "mine") == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func commitsPriceWithTheCurrentDefinitionsAndRecomputeReprices(kind: StoreKind) async throws {
        let store = try await kind.makeStore().store
        try await store.commit([F.batch("p", [Self.generation("g1", model: "house", input: 1000)])])
        #expect(try await store.observation(projectId: "p", id: "g1")?.totalCost == nil, "no definition yet")

        try await store.createModel(Self.model("house-v1", project: "p", name: "house", pattern: "^house$", input: "0.000001"))
        try await store.commit([F.batch("p", [Self.generation("g2", model: "house", input: 1000)])])
        #expect(try await store.observation(projectId: "p", id: "g2")?.totalCost == Decimal(string: "0.001"), "new definitions apply at once")
        #expect(try await store.observation(projectId: "p", id: "g1")?.totalCost == nil, "stored rows keep their cost until recomputed")

        #expect(try await store.recomputeCosts(projectId: "p", since: nil) == 2)
        let g1 = try #require(try await store.observation(projectId: "p", id: "g1"))
        #expect(g1.totalCost == Decimal(string: "0.001"))
        #expect(g1.pricing?.modelId == "house-v1")
        #expect(g1.pricing?.tierName == "Standard")
        #expect(g1.pricing?.inputPrice == Decimal(string: "0.000001"))
        #expect(try await store.recomputeCosts(projectId: "other", since: nil) == 0)
        #expect(try await store.recomputeCosts(projectId: nil, since: ISO8601.parse("2027-01-01T00:00:00Z")) == 0)
    }
}
