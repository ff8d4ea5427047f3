import Foundation

/// Usage and cost of one observation as Langfuse's worker computes them (compat §4 "Cost").
public enum CostCalculator {
    public struct Costs: Sendable, Equatable {
        public var details: [String: Decimal]
        public var total: Decimal?
    }

    /// Provided usage; a missing `total` becomes the sum of all keys.
    public static func usageDetails(provided: [String: Double]) -> [String: Double] {
        guard !provided.isEmpty, provided["total"] == nil else { return provided }
        var usage = provided
        usage["total"] = provided.values.reduce(0, +)
        return usage
    }

    /// A cost the client provided wins outright (its total, else input + output); otherwise each
    /// usage type with a same-named price in `tier` costs price × units, and the total is the
    /// `total` price's cost if the tier has one, else the sum of the others.
    public static func costs(usage: [String: Double], provided: [String: Double], tier: PricingTier?) -> Costs {
        if !provided.isEmpty {
            var details = provided.compactMapValues(Decimal.init(jsonNumber:))
            if details["total"] == nil {
                details["total"] = (details["input"] ?? 0) + (details["output"] ?? 0)
            }
            return Costs(details: details, total: details["total"])
        }
        guard let tier else { return Costs(details: [:], total: nil) }
        var details: [String: Decimal] = [:]
        for (usageType, units) in usage {
            guard let price = tier.prices[usageType], let count = Decimal(jsonNumber: units) else { continue }
            details[usageType] = price * count
        }
        guard !details.isEmpty else { return Costs(details: [:], total: nil) }
        if details["total"] == nil {
            details["total"] = details.values.reduce(0, +)
        }
        return Costs(details: details, total: details["total"])
    }
}
