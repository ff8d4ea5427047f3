import Foundation
import Testing
@testable import LangfarmCore

/// Cost of generations priced with the built-in definitions (Langfuse's default prices) and
/// with project definitions, per compat §4.
@Suite struct PricingTests {
    typealias T = TestEvents
    static let builtIn = PriceBook(revision: 1, definitions: DefaultModelPrices.definitions())
    let partition = PartitionTime(createdAt: 1_795_600_000_000)

    /// A generation with `model`, usage details and optional model parameters, priced by `book`.
    func priced(
        model: String, usage: String, parameters: String = "{}", cost: String? = nil,
        start: String = "2026-11-25T09:00:00Z", project: String = "p", book: PriceBook = builtIn
    ) throws -> ObservationRow {
        let costField = cost.map { #","costDetails":\#($0)"# } ?? ""
        let event = T.event("generation-create", id: "e", at: start, body: """
            {"id":"g","traceId":"t","startTime":"\(start)","model":"\(model)","modelParameters":\(parameters),"usageDetails":\(usage)\(costField)}
            """)
        return try #require(RowBuilder.observation(
            RecordMerger.foldObservation([event]), projectId: project, partition: partition, updatedAt: 1, prices: book
        ))
    }

    static func decimal(_ text: String) -> Decimal { Decimal(string: text)! }

    @Test func gpt4o() throws {
        let row = try priced(model: "gpt-4o", usage: #"{"input":1000,"output":500}"#)
        #expect(row.costDetails == ["input": Self.decimal("0.0025"), "output": Self.decimal("0.005"), "total": Self.decimal("0.0075")])
        #expect(row.totalCost == Self.decimal("0.0075"))
        #expect(row.pricing?.modelId == "b9854a5c92dc496b997d99d20")
        #expect(row.pricing?.tierName == "Standard")
        #expect(row.pricing?.inputPrice == Self.decimal("0.0000025"))
        #expect(row.pricing?.outputPrice == Self.decimal("0.00001"))
    }

    @Test func gpt4oMiniWithCachedTokensAndProviderPrefix() throws {
        let row = try priced(model: "openai/GPT-4o-mini", usage: #"{"input":2000,"input_cached_tokens":1000,"output":100}"#)
        #expect(row.costDetails["input"] == Self.decimal("0.0003"))
        #expect(row.costDetails["input_cached_tokens"] == Self.decimal("0.000075"))
        #expect(row.costDetails["output"] == Self.decimal("0.00006"))
        #expect(row.totalCost == Self.decimal("0.000435"))
        #expect(row.usageDetails["total"] == 3100, "a missing total is the sum of all usage keys")
    }

    @Test func serviceTierConditionPicksTheFastTier() throws {
        let fast = try priced(model: "gpt-4o-mini", usage: #"{"input":1000,"output":1000}"#, parameters: #"{"service_tier":"priority"}"#)
        #expect(fast.pricing?.tierName == "Fast mode")
        #expect(fast.totalCost == Self.decimal("0.00125"))
        let standard = try priced(model: "gpt-4o-mini", usage: #"{"input":1000,"output":1000}"#, parameters: #"{"service_tier":"default"}"#)
        #expect(standard.pricing?.tierName == "Standard")
        #expect(standard.totalCost == Self.decimal("0.00075"))
        #expect(fast.pricing?.inputPrice == standard.pricing?.inputPrice, "inputPrice reports the default tier, as Langfuse does")
    }

    @Test func flexTierOfO3AndReasoningTokens() throws {
        let row = try priced(
            model: "o3", usage: #"{"input":1000,"output":200,"output_reasoning_tokens":800}"#, parameters: #"{"service_tier":"flex"}"#
        )
        #expect(row.pricing?.tierName == "Flex")
        #expect(row.costDetails["output_reasoning_tokens"] == Self.decimal("0.0032"))
        #expect(row.totalCost == Self.decimal("0.005"))
    }

    @Test func claudeWithCacheKeys() throws {
        let row = try priced(
            model: "anthropic/claude-sonnet-4-20250514",
            usage: #"{"input":1000,"output":500,"cache_read_input_tokens":10000,"input_cache_creation_1h":2000}"#
        )
        #expect(row.pricing?.modelId != nil)
        #expect(row.costDetails["cache_read_input_tokens"] == Self.decimal("0.003"))
        #expect(row.costDetails["input_cache_creation_1h"] == Self.decimal("0.012"))
        #expect(row.totalCost == Self.decimal("0.0255"))
    }

    @Test func geminiLargeContextTierAbove200kTokens() throws {
        let small = try priced(model: "gemini-2.5-pro", usage: #"{"input":200000,"output":1000}"#)
        #expect(small.pricing?.tierName == "Standard", "200,000 is not greater than 200,000")
        #expect(small.totalCost == Self.decimal("0.26"))
        let large = try priced(model: "gemini-2.5-pro", usage: #"{"input":150000,"input_cached_tokens":60000,"output":1000}"#)
        #expect(large.pricing?.tierName == "Large Context", "input and cached tokens are summed against the threshold")
        #expect(large.totalCost == Self.decimal("0.405"))
    }

    @Test func providedCostWinsOverPrices() throws {
        let row = try priced(model: "gpt-4o", usage: #"{"input":1000,"output":500}"#, cost: #"{"input":1,"output":2}"#)
        #expect(row.costDetails == ["input": 1, "output": 2, "total": 3])
        #expect(row.totalCost == 3)
        #expect(row.pricing?.modelId != nil, "the model still matched")
    }

    @Test func unknownModelAndNoUsageGiveNoCost() throws {
        let unknown = try priced(model: "my-private-llm", usage: #"{"input":1000}"#)
        #expect(unknown.pricing == nil)
        #expect(unknown.costDetails.isEmpty)
        #expect(unknown.totalCost == nil)
        let noUsage = try priced(model: "gpt-4o", usage: "{}")
        #expect(noUsage.pricing?.tierId == nil, "no tier is chosen without usage")
        #expect(noUsage.totalCost == nil)
    }

    @Test func projectModelBeatsBuiltInAndOnlyForItsProject() throws {
        let own = ModelDefinition(
            id: "mine", projectId: "p", modelName: "gpt-4o", matchPattern: "(?i)^gpt-4o$",
            pricingTiers: [PricingTier(id: "mine_default", name: "Standard", isDefault: true, priority: 0, conditions: [], prices: ["input": 1])],
            createdAt: 0, updatedAt: 0
        )
        let book = PriceBook(revision: 2, definitions: DefaultModelPrices.definitions() + [own])
        let mine = try priced(model: "gpt-4o", usage: #"{"input":3}"#, book: book)
        #expect(mine.pricing?.modelId == "mine")
        #expect(mine.totalCost == 3)
        let other = try priced(model: "gpt-4o", usage: #"{"input":3}"#, project: "q", book: book)
        #expect(other.pricing?.modelId == "b9854a5c92dc496b997d99d20")
    }

    @Test func newestStartDateWinsAndFutureStartDatesDoNotApply() throws {
        func definition(_ id: String, startDate: String?, price: Decimal) -> ModelDefinition {
            ModelDefinition(
                id: id, projectId: "p", modelName: "m-\(id)", matchPattern: "^m$", startDate: startDate.flatMap(ISO8601.parse),
                pricingTiers: [PricingTier(id: "\(id)_t", name: "Standard", isDefault: true, priority: 0, conditions: [], prices: ["input": price])],
                createdAt: 0, updatedAt: 0
            )
        }
        let book = PriceBook(revision: 3, definitions: [
            definition("old", startDate: nil, price: 1),
            definition("2026", startDate: "2026-01-01T00:00:00Z", price: 2),
            definition("2027", startDate: "2027-01-01T00:00:00Z", price: 3),
        ])
        #expect(try priced(model: "m", usage: #"{"input":1}"#, start: "2026-11-25T09:00:00Z", book: book).pricing?.modelId == "2026")
        #expect(try priced(model: "m", usage: #"{"input":1}"#, start: "2027-06-01T00:00:00Z", book: book).pricing?.modelId == "2027")
        #expect(try priced(model: "m", usage: #"{"input":1}"#, start: "2025-06-01T00:00:00Z", book: book).pricing?.modelId == "old")
    }

    @Test func patternsAreCaseSensitiveWithoutInlineFlag() throws {
        let strict = ModelDefinition(
            id: "strict", projectId: "p", modelName: "strict", matchPattern: "^Exact$",
            pricingTiers: [PricingTier(id: "s", name: "Standard", isDefault: true, priority: 0, conditions: [], prices: ["input": 1])],
            createdAt: 0, updatedAt: 0
        )
        let book = PriceBook(revision: 4, definitions: [strict])
        #expect(book.match(modelName: "Exact", projectId: "p", at: 0)?.id == "strict")
        #expect(book.match(modelName: "exact", projectId: "p", at: 0) == nil)
    }

    @Test func costsAreExactDecimals() {
        let tier = PricingTier(id: "t", name: "Standard", isDefault: true, priority: 0, conditions: [], prices: ["input": Self.decimal("0.0000001")])
        let one = CostCalculator.costs(usage: ["input": 3], provided: [:], tier: tier)
        var sum = Decimal(0)
        for _ in 0..<1_000_000 { sum += one.total! }
        #expect(sum == Self.decimal("0.3"), "a million calls of 3 tokens at $0.0000001 sum to exactly $0.30")
        var binary = 0.0
        for _ in 0..<1_000_000 { binary += 3 * 0.0000001 }
        #expect(binary != 0.3, "binary floating point would have drifted")
    }

    /// Every shipped pattern compiles, and a model named exactly as a definition whose pattern
    /// accepts its own name is priced by that definition (fine-tune patterns such as
    /// `ft:gpt-3.5-turbo-1106:org::id` do not accept the bare name, and are skipped).
    @Test func everyShippedDefinitionIsValidAndPricesItsOwnName() throws {
        let definitions = DefaultModelPrices.definitions()
        #expect(definitions.count == 167)
        #expect(Self.builtIn.definitions.count == 167, "no shipped pattern failed to compile")
        var selfMatching = 0
        for definition in definitions {
            #expect(definition.defaultTier != nil, "\(definition.modelName) has a default tier")
            guard try Regex(definition.matchPattern).firstMatch(in: definition.modelName) != nil else { continue }
            selfMatching += 1
            #expect(Self.builtIn.match(modelName: definition.modelName, projectId: "p", at: .max)?.modelName == definition.modelName)
        }
        #expect(selfMatching > 150)
    }
}
