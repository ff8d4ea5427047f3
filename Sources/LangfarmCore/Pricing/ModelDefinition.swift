import Foundation

/// A model price definition, as Langfuse's `models` table with its pricing tiers (compat §4).
/// `projectId` is nil for the built-in (global) models every project sees.
public struct ModelDefinition: Sendable, Equatable {
    public var id: String
    public var projectId: String?
    public var modelName: String
    public var matchPattern: String
    /// Only observations starting at or after this time are priced with this definition.
    public var startDate: EpochMillis?
    public var unit: String?
    public var tokenizerId: String?
    public var tokenizerConfig: [String: JSONValue]?
    public var pricingTiers: [PricingTier]
    public var createdAt: EpochMillis
    public var updatedAt: EpochMillis

    public init(
        id: String, projectId: String?, modelName: String, matchPattern: String, startDate: EpochMillis? = nil,
        unit: String? = nil, tokenizerId: String? = nil, tokenizerConfig: [String: JSONValue]? = nil,
        pricingTiers: [PricingTier], createdAt: EpochMillis, updatedAt: EpochMillis
    ) {
        self.id = id
        self.projectId = projectId
        self.modelName = modelName
        self.matchPattern = matchPattern
        self.startDate = startDate
        self.unit = unit
        self.tokenizerId = tokenizerId
        self.tokenizerConfig = tokenizerConfig
        self.pricingTiers = pricingTiers
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The fallback tier; validation guarantees there is exactly one.
    public var defaultTier: PricingTier? { pricingTiers.first(where: \.isDefault) }

    public var isBuiltIn: Bool { projectId == nil }
}

/// One set of prices of a model and the conditions under which it applies.
public struct PricingTier: Sendable, Equatable {
    public var id: String
    public var name: String
    public var isDefault: Bool
    public var priority: Int
    public var conditions: [TierCondition]
    /// USD per unit, by usage type (`input`, `output`, `input_cached_tokens`, `total`, …).
    public var prices: [String: Decimal]

    public init(id: String, name: String, isDefault: Bool, priority: Int, conditions: [TierCondition], prices: [String: Decimal]) {
        self.id = id
        self.name = name
        self.isDefault = isDefault
        self.priority = priority
        self.conditions = conditions
        self.prices = prices
    }
}

/// When a non-default tier applies. All conditions of a tier must hold.
public enum TierCondition: Sendable, Equatable {
    /// The sum of the usage details whose key matches `pattern`, compared with `value`.
    case usage(pattern: String, comparison: Comparison, value: Decimal, caseSensitive: Bool)
    /// A top-level model parameter or metadata value is one of `values`.
    case attribute(source: AttributeSource, key: String, values: [String])

    public enum Comparison: String, Sendable, CaseIterable {
        case gt, gte, lt, lte, eq, neq

        func holds(_ left: Decimal, _ right: Decimal) -> Bool {
            switch self {
            case .gt: return left > right
            case .gte: return left >= right
            case .lt: return left < right
            case .lte: return left <= right
            case .eq: return left == right
            case .neq: return left != right
            }
        }
    }

    public enum AttributeSource: String, Sendable, CaseIterable {
        case modelParameters = "model_parameters"
        case metadata
    }
}
