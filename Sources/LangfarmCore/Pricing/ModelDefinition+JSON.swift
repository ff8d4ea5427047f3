import Foundation

extension ModelDefinition {
    /// The definition in the shape of a price-file entry, which `ModelDefinitionReader` reads
    /// back: stores keep definitions in this form, and `langfarm models import` takes it.
    public var priceFileEntry: JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(id),
            "modelName": .string(modelName),
            "matchPattern": .string(matchPattern),
            "pricingTiers": .array(pricingTiers.map(\.jsonValue)),
            "createdAt": .string(ISO8601.format(createdAt)),
            "updatedAt": .string(ISO8601.format(updatedAt)),
        ]
        if let startDate { members["startDate"] = .string(ISO8601.format(startDate)) }
        if let unit { members["unit"] = .string(unit) }
        if let tokenizerId { members["tokenizerId"] = .string(tokenizerId) }
        if let tokenizerConfig { members["tokenizerConfig"] = .object(tokenizerConfig) }
        return .object(members)
    }
}

extension PricingTier {
    /// Langfuse's `PricingTier` shape, as the models API returns it.
    public var jsonValue: JSONValue {
        .object([
            "id": .string(id),
            "name": .string(name),
            "isDefault": .bool(isDefault),
            "priority": .number(Double(priority)),
            "conditions": .array(conditions.map(\.jsonValue)),
            "prices": .object(prices.mapValues { .number($0.doubleValue) }),
        ])
    }
}

extension TierCondition {
    public var jsonValue: JSONValue {
        switch self {
        case .usage(let pattern, let comparison, let value, let caseSensitive):
            return .object([
                "usageDetailPattern": .string(pattern), "operator": .string(comparison.rawValue),
                "value": .number(value.doubleValue), "caseSensitive": .bool(caseSensitive),
            ])
        case .attribute(let source, let key, let values):
            return .object([
                "source": .string(source.rawValue), "key": .string(key), "operator": .string("in"),
                "values": .array(values.map(JSONValue.string)),
            ])
        }
    }
}
