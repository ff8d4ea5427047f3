import Algorithms
import LangfarmCore
import LangfarmStore
import PostgresNIO

/// Model definitions and their prices: `ModelStore` but for re-pricing stored observations,
/// which waits for the observations themselves to move to PostgreSQL.
extension PostgresStore: ModelStore {
    public func models(projectId: String, page: Int, limit: Int) async throws -> ModelPage {
        try await readingModels { try await $0.page(projectId: projectId, page: page, limit: limit) }
    }

    public func model(projectId: String, id: String) async throws -> ModelDefinition? {
        try await readingModels { try await $0.find(projectId: projectId, id: id) }
    }

    public func createModel(_ model: ModelDefinition) async throws {
        do {
            try await changingModels { models in
                try await models.insert(model)
                return 1
            }
        } catch let error as PostgresStatementError where error.constraint == "models_name_per_project" {
            throw ModelNameTaken(modelName: model.modelName)
        }
    }

    public func deleteModel(projectId: String, id: String) async throws -> Bool {
        try await changingModels { try await $0.delete(projectId: projectId, id: id) ? 1 : 0 } > 0
    }

    public func upsertModels(_ models: [ModelDefinition]) async throws -> Int {
        try await changingModels { try await $0.upsert(models) }
    }

    private func readingModels<Value: Sendable>(_ body: (PostgresModels) async throws -> Value) async throws -> Value {
        try await transaction { connection in
            let models = PostgresModels(connection: connection, logger: logger)
            try await models.readConsistently()
            return try await body(models)
        }
    }

    /// Runs `body` holding the models' lock. `body` returns how many definitions it wrote; if
    /// any, the revision is bumped in the same transaction, so that every server's price book
    /// sees the change.
    @discardableResult
    private func changingModels(_ body: (PostgresModels) async throws -> Int) async throws -> Int {
        try await transaction { connection in
            let models = PostgresModels(connection: connection, logger: logger)
            try await models.lockForChange()
            let changed = try await body(models)
            if changed > 0 { try await models.bumpRevision() }
            return changed
        }
    }

    /// Refolds the observations in chunks, one transaction each, so that ingestion running at
    /// the same time waits for a chunk rather than for the whole recomputation.
    public func recomputeCosts(projectId: String?, since: EpochMillis?) async throws -> Int {
        let now = EpochMillis.now
        let targets = try await rows("""
            SELECT project_id, id FROM observations
            WHERE provided_model_name IS NOT NULL AND (\(projectId)::text IS NULL OR project_id = \(projectId))
                AND (\(since)::bigint IS NULL OR start_time >= \(since))
            ORDER BY project_id, id
            """).map { row in
                let (projectId, id) = try row.decode((String, String).self)
                return (key: EntityKey(projectId: projectId, entity: EntityRef(kind: .observation, id: id)), at: now)
            }
        for step in targets.chunks(ofCount: Projector.entitiesPerRefold) {
            try await projectionWrite(at: now) { transaction in
                try await Projector.refold(Array(step), in: transaction)
            }
        }
        return targets.count
    }
}
