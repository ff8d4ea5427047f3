import LangfarmCore

/// Model definitions and their prices: each project's own and the built-in ones.
public protocol ModelStore: Sendable {
    /// The definitions a project sees (its own, then the built-in ones), by name, one page.
    func models(projectId: String, page: Int, limit: Int) async throws -> ModelPage
    /// One of the project's own definitions or a built-in one.
    func model(projectId: String, id: String) async throws -> ModelDefinition?
    /// Adds a project's definition; throws `ModelNameTaken` if the project already has that name.
    func createModel(_ model: ModelDefinition) async throws
    /// Deletes one of the project's own definitions; returns whether it existed.
    func deleteModel(projectId: String, id: String) async throws -> Bool
    /// Inserts definitions, or replaces those with the same id, in one transaction. Built-in
    /// definitions are upserted at start-up; a replaced definition keeps its creation time.
    /// Returns how many were inserted or changed.
    func upsertModels(_ models: [ModelDefinition]) async throws -> Int
    /// Re-prices stored observations that name a model (of one project, starting at or after
    /// `since`) with the current definitions; returns how many were re-priced.
    func recomputeCosts(projectId: String?, since: EpochMillis?) async throws -> Int
}
