import Foundation
import Synchronization

/// Chooses the pricing tier of a model for one observation (compat §4 "Pricing tiers"):
/// non-default tiers in ascending priority, the first whose conditions all hold, else the
/// default tier. No tier applies to an observation without usage.
public enum TierSelector {
    public static func select(
        _ model: ModelDefinition, usage: [String: Double], modelParameters: JSONValue?, metadata: [String: JSONValue]
    ) -> PricingTier? {
        guard !usage.isEmpty else { return nil }
        let conditional = model.pricingTiers.filter { !$0.isDefault }.sorted { $0.priority < $1.priority }
        let chosen = conditional.first { tier in
            tier.conditions.allSatisfy { holds($0, usage: usage, modelParameters: modelParameters, metadata: metadata) }
        }
        return chosen ?? model.defaultTier
    }

    static func holds(
        _ condition: TierCondition, usage: [String: Double], modelParameters: JSONValue?, metadata: [String: JSONValue]
    ) -> Bool {
        switch condition {
        case .usage(let pattern, let comparison, let threshold, let caseSensitive):
            guard let matcher = UsagePatterns.shared.pattern(pattern, caseSensitive: caseSensitive) else { return false }
            let total = usage.reduce(Decimal(0)) { sum, entry in
                guard matcher.matches(entry.key), let units = Decimal(jsonNumber: entry.value) else { return sum }
                return sum + units
            }
            return comparison.holds(total, threshold)
        case .attribute(let source, let key, let values):
            let attributes = source == .metadata ? metadata : (modelParameters?.objectValue ?? [:])
            guard let value = attributes[key] else { return false }
            let text: String
            switch value {
            case .string(let string): text = string
            case .number, .bool: text = value.jsonText
            default: return false
            }
            return values.contains(text)
        }
    }
}

/// Compiled usage-detail patterns of tier conditions, matched in linear time like model
/// patterns (`ModelPattern`). Patterns come only from stored model definitions, so the cache
/// stays small; compiling on every priced generation would not.
final class UsagePatterns: Sendable {
    static let shared = UsagePatterns()

    /// nil for a pattern `ModelPattern` refuses (stored before it was validated that way).
    private let compiled = Mutex<[String: ModelPattern?]>([:])

    func pattern(_ pattern: String, caseSensitive: Bool) -> ModelPattern? {
        let key = (caseSensitive ? "s:" : "i:") + pattern
        if let cached = compiled.withLock({ $0[key] }) { return cached }
        let compiledPattern = try? ModelPattern(pattern, ignoringCase: !caseSensitive)
        compiled.withLock { $0[key] = compiledPattern }
        return compiledPattern
    }
}
