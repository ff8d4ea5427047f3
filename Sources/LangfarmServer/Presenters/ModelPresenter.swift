import LangfarmCore

/// Renders model definitions in the shape of Langfuse's `Model` (compat §4): the flat
/// `inputPrice`/`outputPrice`/`totalPrice` and `prices` come from the default tier.
enum ModelPresenter {
    static func model(_ model: ModelDefinition) -> JSONValue {
        let defaultPrices = model.defaultTier?.prices ?? [:]
        func price(_ usageType: String) -> JSONValue { defaultPrices[usageType].map { .number($0.doubleValue) } ?? .null }
        return .object([
            "id": .string(model.id),
            "modelName": .string(model.modelName),
            "matchPattern": .string(model.matchPattern),
            "startDate": model.startDate.map { .string(ISO8601.format($0)) } ?? .null,
            "unit": model.unit.map(JSONValue.string) ?? .null,
            "inputPrice": price("input"),
            "outputPrice": price("output"),
            "totalPrice": price("total"),
            "tokenizerId": model.tokenizerId.map(JSONValue.string) ?? .null,
            "tokenizerConfig": model.tokenizerConfig.map(JSONValue.object) ?? .null,
            "isLangfuseManaged": .bool(model.isBuiltIn),
            "createdAt": .string(ISO8601.format(model.createdAt)),
            "prices": .object(defaultPrices.mapValues { .object(["price": .number($0.doubleValue)]) }),
            "pricingTiers": .array(model.pricingTiers.sorted { $0.priority < $1.priority }.map(\.jsonValue)),
        ])
    }
}
