import Algorithms
import GRDB
import LangfarmCore

extension SQLiteStore {
    public func models(projectId: String, page: Int, limit: Int) async throws -> ModelPage {
        try await pool.read { db in try SQLiteModels.page(projectId: projectId, page: page, limit: limit, in: db) }
    }

    public func model(projectId: String, id: String) async throws -> ModelDefinition? {
        try await pool.read { db in try SQLiteModels.find(projectId: projectId, id: id, in: db) }
    }

    public func createModel(_ model: ModelDefinition) async throws {
        try await write { db in try SQLiteModels.insert(model, in: db) }
    }

    public func deleteModel(projectId: String, id: String) async throws -> Bool {
        try await write { db in try SQLiteModels.delete(projectId: projectId, id: id, in: db) }
    }

    public func upsertModels(_ models: [ModelDefinition]) async throws -> Int {
        try await write { db in try SQLiteModels.upsert(models, in: db) }
    }

    /// Refolds the observations in chunks, one transaction each, so that ingestion running at
    /// the same time waits for a chunk rather than for the whole recomputation.
    public func recomputeCosts(projectId: String?, since: EpochMillis?) async throws -> Int {
        let sql = """
            SELECT project_id, id FROM observations
            WHERE provided_model_name IS NOT NULL AND (?1 IS NULL OR project_id = ?1) AND (?2 IS NULL OR start_time >= ?2)
            ORDER BY project_id, id
            """
        let now = EpochMillis.now
        let targets = try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: [projectId, since]).map {
                (key: EntityKey(projectId: $0["project_id"], entity: EntityRef(kind: .observation, id: $0["id"])), at: now)
            }
        }
        for step in targets.chunks(ofCount: Projector.entitiesPerRefold) {
            try await projectionWrite(at: now) { transaction in
                try await Projector.refold(Array(step), in: transaction)
            }
        }
        return targets.count
    }
}
