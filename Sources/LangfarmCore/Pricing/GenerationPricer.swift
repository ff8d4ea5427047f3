import Foundation

/// Derives an observation's usage details, cost details, total cost and pricing from what the
/// client provided and the model definitions (compat §4):
/// 1. the observation's model name is matched against the price book;
/// 2. with a matched tokenizer, no usage and no cost provided and a level other than ERROR, the
///    input and output are tokenised;
/// 3. the tier is chosen from the usage, model parameters and metadata;
/// 4. costs are computed (a provided cost wins outright).
enum GenerationPricer {
    static func price(_ row: inout ObservationRow, with prices: PriceBook) {
        let model = row.providedModelName.flatMap { prices.match(modelName: $0, projectId: row.projectId, at: row.startTime) }
        var usage = CostCalculator.usageDetails(provided: row.providedUsageDetails)
        if let model, row.providedUsageDetails.isEmpty, row.providedCostDetails.isEmpty, row.level != "ERROR",
           let counted = tokenise(row, model: model) {
            usage = counted
        }
        let tier = model.flatMap {
            TierSelector.select($0, usage: usage, modelParameters: row.modelParameters, metadata: row.metadata)
        }
        let costs = CostCalculator.costs(usage: usage, provided: row.providedCostDetails, tier: tier)
        row.usageDetails = usage
        row.costDetails = costs.details
        row.totalCost = costs.total
        row.pricing = model.map { model in
            let defaultPrices = model.defaultTier?.prices ?? [:]
            return ObservationPricing(
                modelId: model.id, tierId: tier?.id, tierName: tier?.name,
                inputPrice: defaultPrices["input"], outputPrice: defaultPrices["output"], totalPrice: defaultPrices["total"]
            )
        }
    }

    /// Token counts of input and output, or nil when the model's tokenizer is not covered.
    private static func tokenise(_ row: ObservationRow, model: ModelDefinition) -> [String: Double]? {
        guard let tokenizerId = model.tokenizerId, row.input != nil || row.output != nil else { return nil }
        let config = model.tokenizerConfig ?? [:]
        let spec = TokenizerSpec(
            tokenizerId: tokenizerId, tokenizerModel: config["tokenizerModel"]?.stringValue,
            tokensPerMessage: config["tokensPerMessage"]?.numberValue.map { Int($0) },
            tokensPerName: config["tokensPerName"]?.numberValue.map { Int($0) }
        )
        return TokenCounter.usage(input: row.input, output: row.output, tokenizer: spec)?.details
    }
}
