import Foundation
import LangfarmCore
import LangfarmStore
import Logging
import PostgresNIO

/// Model definitions in PostgreSQL, on one connection inside a transaction: a row per
/// definition (`project_id` '' for the built-in ones), its pricing tiers, their conditions and
/// their prices in tables of their own, and a revision counter bumped by every change.
///
/// Prices and thresholds travel as decimal text cast to and from `numeric`, so they stay exact
/// and no value can reach PostgresNIO's numeric encoder, which traps on a NaN.
struct PostgresModels {
    let connection: PostgresConnection
    let logger: Logger

    /// Makes other writers of model definitions wait until this transaction ends, so that two
    /// servers upserting the built-in definitions at start-up do not both insert them.
    func lockForChange() async throws {
        try await connection.rows("SELECT revision FROM revisions WHERE name = 'models' FOR UPDATE", logger: logger)
    }

    func bumpRevision() async throws {
        try await connection.rows("UPDATE revisions SET revision = revision + 1 WHERE name = 'models'", logger: logger)
    }

    /// Reads in one snapshot: a definition replaced while its tiers are read is not seen half old.
    func readConsistently() async throws {
        try await connection.rows("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
    }

    func page(projectId: String, page: Int, limit: Int) async throws -> ModelPage {
        let ids = try await connection.rows("""
            SELECT id FROM models WHERE project_id IN (\(projectId), '')
            ORDER BY project_id = '', model_name, id LIMIT \(limit) OFFSET \((page - 1) * limit)
            """, logger: logger).map { try $0.decode(String.self) }
        let total = try await connection.rows("SELECT count(*) FROM models WHERE project_id IN (\(projectId), '')", logger: logger)
            .first?.decode(Int.self) ?? 0
        let definitions = try await definitions(ids: ids)
        return ModelPage(models: ids.compactMap { definitions[$0] }, totalItems: total)
    }

    /// One of the project's own definitions or a built-in one.
    func find(projectId: String, id: String) async throws -> ModelDefinition? {
        try await definitions(ids: [id])[id].flatMap { $0.projectId == nil || $0.projectId == projectId ? $0 : nil }
    }

    /// Throws a `PostgresStatementError` breaking `models_name_per_project` when the scope has
    /// a definition of that name.
    func insert(_ model: ModelDefinition) async throws {
        try await connection.rows("""
            INSERT INTO models (id, project_id, model_name, match_pattern, start_date, unit, tokenizer_id, tokenizer_config, created_at, updated_at)
            VALUES (
                \(model.id), \(model.projectId ?? ""), \(model.modelName), \(model.matchPattern), \(model.startDate), \(model.unit),
                \(model.tokenizerId), \(model.tokenizerConfig.map { JSONValue.object($0).jsonText }), \(model.createdAt), \(model.updatedAt)
            )
            """, logger: logger)
        for (tierOrdinal, tier) in model.pricingTiers.enumerated() {
            try await connection.rows("""
                INSERT INTO model_pricing_tiers (model_id, ordinal, id, name, is_default, priority)
                VALUES (\(model.id), \(tierOrdinal), \(tier.id), \(tier.name), \(tier.isDefault), \(tier.priority))
                """, logger: logger)
            for (ordinal, condition) in tier.conditions.enumerated() {
                try await insert(condition, model: model.id, tier: tierOrdinal, ordinal: ordinal)
            }
            let prices = tier.prices.sorted { $0.key < $1.key }
            try await connection.rows("""
                INSERT INTO model_prices (model_id, tier_ordinal, usage_type, price)
                SELECT \(model.id), \(tierOrdinal), usage_type, price::numeric
                FROM unnest(\(prices.map(\.key))::text[], \(prices.map(\.value.decimalText))::text[]) AS prices (usage_type, price)
                """, logger: logger)
        }
    }

    private func insert(_ condition: TierCondition, model: String, tier: Int, ordinal: Int) async throws {
        switch condition {
        case .usage(let pattern, let comparison, let value, let caseSensitive):
            try await connection.rows("""
                INSERT INTO model_tier_conditions (model_id, tier_ordinal, ordinal, usage_pattern, comparison, threshold, case_sensitive)
                VALUES (\(model), \(tier), \(ordinal), \(pattern), \(comparison.rawValue), \(value.decimalText)::numeric, \(caseSensitive))
                """, logger: logger)
        case .attribute(let source, let key, let values):
            try await connection.rows("""
                INSERT INTO model_tier_conditions (model_id, tier_ordinal, ordinal, attribute_source, attribute_key, attribute_values)
                VALUES (\(model), \(tier), \(ordinal), \(source.rawValue), \(key), \(values)::text[])
                """, logger: logger)
        }
    }

    /// Deletes one of the project's own definitions (never a built-in one); returns whether it
    /// existed. Its tiers, conditions and prices go with it.
    func delete(projectId: String, id: String) async throws -> Bool {
        try await !connection.rows(
            "DELETE FROM models WHERE id = \(id) AND project_id = \(projectId) AND project_id <> '' RETURNING 1", logger: logger
        ).isEmpty
    }

    /// Replaces by id, keeping the stored creation time; a definition with the same name in the
    /// same scope but another id is replaced too, as a newer file's entry for that model. A
    /// definition equal to the stored one is left alone. Returns how many were written.
    func upsert(_ models: [ModelDefinition]) async throws -> Int {
        var stored = try await definitions(ids: models.map(\.id))
        var changed = 0
        for var model in models {
            if let existing = stored[model.id] {
                model.createdAt = existing.createdAt
                if existing == model { continue }
            }
            try await connection.rows("""
                DELETE FROM models WHERE id = \(model.id) OR (project_id = \(model.projectId ?? "") AND model_name = \(model.modelName))
                """, logger: logger)
            try await insert(model)
            // Later entries of the same call compare with what this one left.
            stored = stored.filter { $0.value.projectId != model.projectId || $0.value.modelName != model.modelName }
            stored[model.id] = model
            changed += 1
        }
        return changed
    }

    /// The stored definitions with these ids, by id.
    func definitions(ids: [String]) async throws -> [String: ModelDefinition] {
        guard !ids.isEmpty else { return [:] }
        var tiers: [String: [PricingTier]] = [:]
        var conditions: [TierKey: [TierCondition]] = [:]
        var prices: [TierKey: [String: Decimal]] = [:]
        for row in try await connection.rows("""
            SELECT model_id, tier_ordinal, usage_type, price::text FROM model_prices WHERE model_id = ANY(\(ids)::text[])
            """, logger: logger) {
            let (modelId, tierOrdinal, usageType, priceText) = try row.decode((String, Int, String, String).self)
            prices[TierKey(modelId: modelId, ordinal: tierOrdinal), default: [:]][usageType] = try Self.decimal(priceText, of: modelId)
        }
        for row in try await connection.rows("""
            SELECT model_id, tier_ordinal, usage_pattern, comparison, threshold::text, case_sensitive, attribute_source, attribute_key, attribute_values
            FROM model_tier_conditions WHERE model_id = ANY(\(ids)::text[]) ORDER BY model_id, tier_ordinal, ordinal
            """, logger: logger) {
            let (modelId, tierOrdinal, condition) = try Self.condition(row)
            conditions[TierKey(modelId: modelId, ordinal: tierOrdinal), default: []].append(condition)
        }
        for row in try await connection.rows("""
            SELECT model_id, ordinal, id, name, is_default, priority FROM model_pricing_tiers
            WHERE model_id = ANY(\(ids)::text[]) ORDER BY model_id, ordinal
            """, logger: logger) {
            let (modelId, ordinal, id, name, isDefault, priority) = try row.decode((String, Int, String, String, Bool, Int).self)
            let key = TierKey(modelId: modelId, ordinal: ordinal)
            tiers[modelId, default: []].append(PricingTier(
                id: id, name: name, isDefault: isDefault, priority: priority, conditions: conditions[key] ?? [], prices: prices[key] ?? [:]
            ))
        }
        var definitions: [String: ModelDefinition] = [:]
        for row in try await connection.rows("""
            SELECT id, project_id, model_name, match_pattern, start_date, unit, tokenizer_id, tokenizer_config, created_at, updated_at
            FROM models WHERE id = ANY(\(ids)::text[])
            """, logger: logger) {
            let (id, projectId, modelName, matchPattern, startDate, unit, tokenizerId, tokenizerConfig, createdAt, updatedAt) =
                try row.decode((String, String, String, String, Int64?, String?, String?, String?, Int64, Int64).self)
            definitions[id] = ModelDefinition(
                id: id, projectId: projectId.isEmpty ? nil : projectId, modelName: modelName, matchPattern: matchPattern,
                startDate: startDate, unit: unit, tokenizerId: tokenizerId,
                tokenizerConfig: try tokenizerConfig.map { try Self.tokenizerConfig($0, of: id) },
                pricingTiers: tiers[id] ?? [], createdAt: createdAt, updatedAt: updatedAt
            )
        }
        return definitions
    }

    /// A tier of a definition: its id and place in the definition's list.
    private struct TierKey: Hashable {
        let modelId: String
        let ordinal: Int
    }

    private static func condition(_ row: PostgresRow) throws -> (String, Int, TierCondition) {
        let (modelId, tierOrdinal, pattern, comparison, threshold, caseSensitive, source, key, values) =
            try row.decode((String, Int, String?, String?, String?, Bool?, String?, String?, [String]?).self)
        if let pattern, let comparison, let threshold, let caseSensitive {
            guard let comparison = TierCondition.Comparison(rawValue: comparison) else {
                throw unreadable(modelId, "the comparison '\(comparison)' is unknown")
            }
            let value = try decimal(threshold, of: modelId)
            return (modelId, tierOrdinal, .usage(pattern: pattern, comparison: comparison, value: value, caseSensitive: caseSensitive))
        }
        guard let source = source.flatMap(TierCondition.AttributeSource.init(rawValue:)), let key, let values else {
            throw unreadable(modelId, "a tier condition is neither a usage nor a known attribute condition")
        }
        return (modelId, tierOrdinal, .attribute(source: source, key: key, values: values))
    }

    private static func decimal(_ text: String, of modelId: String) throws -> Decimal {
        guard let value = Decimal(decimalText: text) else { throw unreadable(modelId, "'\(text)' is not a decimal number") }
        return value
    }

    private static func tokenizerConfig(_ text: String, of modelId: String) throws -> [String: JSONValue] {
        guard case .object(let members) = JSONValue.parseStored(text) else {
            throw unreadable(modelId, "its tokenizer configuration is not a JSON object")
        }
        return members
    }

    private static func unreadable(_ modelId: String, _ reason: String) -> StoreError {
        StoreError("the stored model definition \(modelId) can no longer be read (\(reason)); delete or re-import it")
    }
}
