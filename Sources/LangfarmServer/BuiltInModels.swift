import LangfarmCore
import LangfarmStore
import Logging

/// Installs the shipped model prices as built-in definitions. Run at every start: definitions
/// the shipped data changed are updated in place, unchanged ones are left alone, and
/// definitions added with `langfarm models import` survive.
public enum BuiltInModels {
    @discardableResult
    public static func install(into store: any Store, logger: Logger) async throws -> Int {
        let definitions = DefaultModelPrices.definitions()
        let changed = try await store.upsertModels(definitions)
        if changed > 0 {
            logger.info("installed \(changed) of \(definitions.count) built-in model price definitions")
        }
        return changed
    }
}
