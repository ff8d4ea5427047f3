import Foundation

/// Reads and validates a model definition from JSON: the body of `POST /api/public/models`, or an
/// entry of a price file (the shipped defaults, `langfarm models import`). Every refusal names
/// the field, and nothing is created from a definition that fails any rule.
public enum ModelDefinitionReader {
    public static let units: Set<String> = ["CHARACTERS", "TOKENS", "MILLISECONDS", "SECONDS", "IMAGES", "REQUESTS"]
    public static let tokenizers: Set<String> = ["openai", "claude"]
    static let maxPatternLength = 1000
    static let maxConditionPatternLength = 200

    /// - Parameters:
    ///   - id: the id to give the model when the JSON carries none (API requests never do).
    ///   - now: created/updated time when the JSON carries none.
    public static func read(
        _ value: JSONValue, path: String = "body", id: String, projectId: String?, now: EpochMillis
    ) throws(ValidationError) -> ModelDefinition {
        guard case .object(let members) = value else {
            throw ValidationError("\(path): expected an object, got \(value.kindDescription)")
        }
        let body = BodyReader(members, path: path)
        let modelId = try body.id("id").value ?? id
        let modelName = try required(body.string("modelName", maxLength: BodyReader.maxIdLength), "modelName", in: body)
        guard !modelName.isEmpty else { throw ValidationError("\(path).modelName: must not be empty") }
        let matchPattern = try required(body.string("matchPattern", maxLength: maxPatternLength), "matchPattern", in: body)
        try validatePattern(matchPattern, at: "\(path).matchPattern")
        let tokenizerId = try body.enumeration("tokenizerId", allowed: tokenizers).value
        return ModelDefinition(
            id: modelId, projectId: projectId, modelName: modelName, matchPattern: matchPattern,
            startDate: try body.timestamp("startDate").value,
            unit: try body.enumeration("unit", allowed: units).value,
            tokenizerId: tokenizerId, tokenizerConfig: try body.object("tokenizerConfig").value,
            pricingTiers: try readPrices(body, modelId: modelId),
            createdAt: try body.timestamp("createdAt").value ?? now,
            updatedAt: try body.timestamp("updatedAt").value ?? now
        )
    }

    /// Flat prices (`inputPrice`/`outputPrice`/`totalPrice`) become one default tier named
    /// "Standard", as Langfuse does; otherwise `pricingTiers` is read and checked.
    private static func readPrices(_ body: BodyReader, modelId: String) throws(ValidationError) -> [PricingTier] {
        var flat: [String: Decimal] = [:]
        for (field, usageType) in [("inputPrice", "input"), ("outputPrice", "output"), ("totalPrice", "total")] {
            if case .value(let price) = try body.number(field) {
                flat[usageType] = try validPrice(price, at: "\(body.path).\(field)")
            }
        }
        let tiers = body.any("pricingTiers").value
        if !flat.isEmpty, tiers != nil {
            throw ValidationError("\(body.path): give either flat prices (inputPrice/outputPrice/totalPrice) or pricingTiers, not both")
        }
        if flat["total"] != nil, flat["input"] != nil || flat["output"] != nil {
            throw ValidationError("\(body.path).totalPrice: cannot be combined with inputPrice or outputPrice")
        }
        if !flat.isEmpty {
            return [PricingTier(id: "\(modelId)_tier_default", name: "Standard", isDefault: true, priority: 0, conditions: [], prices: flat)]
        }
        guard let tiers else {
            throw ValidationError("\(body.path): a model needs prices: inputPrice/outputPrice/totalPrice or pricingTiers")
        }
        return try readTiers(tiers, path: "\(body.path).pricingTiers", modelId: modelId)
    }

    private static func readTiers(_ value: JSONValue, path: String, modelId: String) throws(ValidationError) -> [PricingTier] {
        guard case .array(let items) = value, !items.isEmpty else {
            throw ValidationError("\(path): expected a non-empty array of tiers, got \(value.kindDescription)")
        }
        var tiers: [PricingTier] = []
        for (index, item) in items.enumerated() {
            tiers.append(try readTier(item, path: "\(path)[\(index)]", modelId: modelId))
        }
        let defaults = tiers.filter(\.isDefault)
        guard defaults.count == 1 else {
            throw ValidationError("\(path): exactly one tier must have isDefault true, found \(defaults.count)")
        }
        guard Set(tiers.map(\.name)).count == tiers.count else { throw ValidationError("\(path): tier names must be unique") }
        guard Set(tiers.map(\.priority)).count == tiers.count else { throw ValidationError("\(path): tier priorities must be unique") }
        return tiers
    }

    private static func readTier(_ value: JSONValue, path: String, modelId: String) throws(ValidationError) -> PricingTier {
        guard case .object(let members) = value else {
            throw ValidationError("\(path): expected an object, got \(value.kindDescription)")
        }
        let tier = BodyReader(members, path: path)
        let name = try required(tier.string("name", maxLength: 200), "name", in: tier)
        guard !name.isEmpty else { throw ValidationError("\(path).name: must not be empty") }
        let isDefault = try required(tier.bool("isDefault"), "isDefault", in: tier)
        let priority = try required(tier.integer("priority"), "priority", in: tier)
        guard priority >= 0 else { throw ValidationError("\(path).priority: must not be negative") }
        let conditions = try readConditions(tier.any("conditions").value ?? .array([]), path: "\(path).conditions")
        if isDefault {
            guard priority == 0 else { throw ValidationError("\(path).priority: the default tier must have priority 0") }
            guard conditions.isEmpty else { throw ValidationError("\(path).conditions: the default tier must have no conditions") }
        } else if conditions.isEmpty {
            throw ValidationError("\(path).conditions: a non-default tier needs at least one condition")
        }
        let priceMembers = try required(tier.object("prices"), "prices", in: tier)
        guard !priceMembers.isEmpty else { throw ValidationError("\(path).prices: must define at least one price") }
        var prices: [String: Decimal] = [:]
        for (usageType, price) in priceMembers {
            guard case .number(let number) = price else {
                throw ValidationError("\(path).prices.\(usageType): expected a number, got \(price.kindDescription)")
            }
            prices[usageType] = try validPrice(number, at: "\(path).prices.\(usageType)")
        }
        let id = try tier.id("id").value ?? (isDefault ? "\(modelId)_tier_default" : "\(modelId)_tier_\(priority)")
        return PricingTier(id: id, name: name, isDefault: isDefault, priority: priority, conditions: conditions, prices: prices)
    }

    private static func readConditions(_ value: JSONValue, path: String) throws(ValidationError) -> [TierCondition] {
        guard case .array(let items) = value else {
            throw ValidationError("\(path): expected an array, got \(value.kindDescription)")
        }
        var conditions: [TierCondition] = []
        for (index, item) in items.enumerated() {
            conditions.append(try readCondition(item, path: "\(path)[\(index)]"))
        }
        return conditions
    }

    private static func readCondition(_ value: JSONValue, path: String) throws(ValidationError) -> TierCondition {
        guard case .object(let members) = value else {
            throw ValidationError("\(path): expected an object, got \(value.kindDescription)")
        }
        let condition = BodyReader(members, path: path)
        if members["usageDetailPattern"] != nil {
            let pattern = try required(condition.string("usageDetailPattern", maxLength: maxConditionPatternLength), "usageDetailPattern", in: condition)
            guard !pattern.isEmpty else { throw ValidationError("\(path).usageDetailPattern: must not be empty") }
            try validatePattern(pattern, at: "\(path).usageDetailPattern")
            let comparison = try required(
                condition.enumeration("operator", allowed: Set(TierCondition.Comparison.allCases.map(\.rawValue))), "operator", in: condition
            )
            let threshold = try required(condition.number("value"), "value", in: condition)
            guard let decimal = Decimal(jsonNumber: threshold) else { throw ValidationError("\(path).value: must be a finite number") }
            return .usage(
                pattern: pattern, comparison: TierCondition.Comparison(rawValue: comparison)!, value: decimal,
                caseSensitive: try condition.bool("caseSensitive").value ?? false
            )
        }
        let source = try required(
            condition.enumeration("source", allowed: Set(TierCondition.AttributeSource.allCases.map(\.rawValue))), "source", in: condition
        )
        let key = try required(condition.string("key", maxLength: 200), "key", in: condition)
        guard !key.isEmpty else { throw ValidationError("\(path).key: must not be empty") }
        _ = try required(condition.enumeration("operator", allowed: ["in"]), "operator", in: condition)
        let values = try required(condition.stringArray("values"), "values", in: condition)
        guard !values.isEmpty else { throw ValidationError("\(path).values: must hold at least one value") }
        return .attribute(source: TierCondition.AttributeSource(rawValue: source)!, key: key, values: values)
    }

    /// Patterns are regular expressions with Langfuse's semantics: searched anywhere in the text,
    /// case-sensitive unless the pattern carries its own `(?i)`. They are matched in linear time
    /// (`ModelPattern`), so the constructs that need backtracking are refused here, with why.
    static func validatePattern(_ pattern: String, at path: String) throws(ValidationError) {
        do {
            _ = try ModelPattern(pattern)
        } catch {
            throw ValidationError("\(path): \(error.description)")
        }
    }

    private static func validPrice(_ price: Double, at path: String) throws(ValidationError) -> Decimal {
        guard price >= 0 else { throw ValidationError("\(path): must not be negative, got \(price)") }
        guard price < 1e9, let decimal = Decimal(jsonNumber: price) else {
            throw ValidationError("\(path): \(price) is not a plausible price in USD per unit")
        }
        return decimal
    }

    private static func required<Value>(_ field: Field<Value>, _ key: String, in body: BodyReader) throws(ValidationError) -> Value {
        guard case .value(let value) = field else { throw ValidationError("\(body.path).\(key): is required") }
        return value
    }
}
