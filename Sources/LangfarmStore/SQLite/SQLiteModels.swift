import GRDB
import LangfarmCore

/// Model definitions in SQLite: each kept whole as a price-file entry, `project_id` '' for the
/// built-in ones, and a revision counter bumped by every change.
enum SQLiteModels {
    static func revision(in db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT revision FROM revisions WHERE name = 'models'")) ?? 0
    }

    static func bumpRevision(in db: Database) throws {
        try db.execute(sql: "UPDATE revisions SET revision = revision + 1 WHERE name = 'models'")
    }

    static func all(in db: Database) throws -> [ModelDefinition] {
        try Row.fetchAll(db, sql: "SELECT project_id, definition FROM models").map(definition)
    }

    static func page(projectId: String, page: Int, limit: Int, in db: Database) throws -> ModelPage {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT project_id, definition FROM models WHERE project_id IN (?, '')
                ORDER BY project_id = '', model_name, id LIMIT ? OFFSET ?
                """,
            arguments: [projectId, limit, (page - 1) * limit]
        )
        let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM models WHERE project_id IN (?, '')", arguments: [projectId]) ?? 0
        return ModelPage(models: try rows.map(definition), totalItems: total)
    }

    static func find(projectId: String, id: String, in db: Database) throws -> ModelDefinition? {
        try Row.fetchOne(
            db, sql: "SELECT project_id, definition FROM models WHERE id = ? AND project_id IN (?, '')", arguments: [id, projectId]
        ).map(definition)
    }

    static func insert(_ model: ModelDefinition, in db: Database) throws {
        do {
            try db.execute(
                sql: "INSERT INTO models (id, project_id, model_name, definition, updated_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [model.id, model.projectId ?? "", model.modelName, model.priceFileEntry.jsonText, model.updatedAt]
            )
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw ModelNameTaken(modelName: model.modelName)
        }
        try bumpRevision(in: db)
    }

    static func delete(projectId: String, id: String, in db: Database) throws -> Bool {
        try db.execute(sql: "DELETE FROM models WHERE id = ? AND project_id = ? AND project_id <> ''", arguments: [id, projectId])
        guard db.changesCount > 0 else { return false }
        try bumpRevision(in: db)
        return true
    }

    /// Replaces by id; a definition with the same name in the same scope but another id is
    /// replaced too, as a newer file's entry for that model.
    static func upsert(_ models: [ModelDefinition], in db: Database) throws -> Int {
        var changed = 0
        for var model in models {
            let stored = try Row.fetchOne(db, sql: "SELECT project_id, definition FROM models WHERE id = ?", arguments: [model.id])
                .map(definition)
            if let stored {
                model.createdAt = stored.createdAt
                if stored == model { continue }
            }
            try db.execute(
                sql: "INSERT OR REPLACE INTO models (id, project_id, model_name, definition, updated_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [model.id, model.projectId ?? "", model.modelName, model.priceFileEntry.jsonText, model.updatedAt]
            )
            changed += 1
        }
        if changed > 0 { try bumpRevision(in: db) }
        return changed
    }

    private static func definition(_ row: Row) throws -> ModelDefinition {
        let projectId: String = row["project_id"]
        let text: String = row["definition"]
        guard let entry = JSONValue.parseStored(text) else { throw StoreError("a stored model definition is not valid JSON: \(text.prefix(200))") }
        do {
            return try ModelDefinitionReader.read(entry, id: "", projectId: projectId.isEmpty ? nil : projectId, now: 0)
        } catch {
            throw StoreError("a stored model definition can no longer be read (\(error)); delete or re-import it")
        }
    }
}
