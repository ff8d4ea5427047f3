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
        try await pool.write { db in try SQLiteModels.insert(model, in: db) }
    }

    public func deleteModel(projectId: String, id: String) async throws -> Bool {
        try await pool.write { db in try SQLiteModels.delete(projectId: projectId, id: id, in: db) }
    }

    public func upsertModels(_ models: [ModelDefinition]) async throws -> Int {
        try await pool.write { db in try SQLiteModels.upsert(models, in: db) }
    }

    /// Refolds the observations in chunks, one transaction each, so that ingestion running at
    /// the same time waits for a chunk rather than for the whole recomputation.
    public func recomputeCosts(projectId: String?, since: EpochMillis?) async throws -> Int {
        let sql = """
            SELECT project_id, id FROM observations
            WHERE provided_model_name IS NOT NULL AND (?1 IS NULL OR project_id = ?1) AND (?2 IS NULL OR start_time >= ?2)
            ORDER BY project_id, id
            """
        let targets = try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: [projectId, since]).map { (projectId: $0["project_id"] as String, id: $0["id"] as String) }
        }
        let now = EpochMillis.now
        for chunk in stride(from: 0, to: targets.count, by: 500).map({ targets[$0..<min($0 + 500, targets.count)] }) {
            try await projectionWrite(at: now) { transaction in
                for target in chunk {
                    try Projector.refold(EntityRef(kind: .observation, id: target.id), projectId: target.projectId, at: now, in: transaction)
                }
            }
        }
        return targets.count
    }
}
