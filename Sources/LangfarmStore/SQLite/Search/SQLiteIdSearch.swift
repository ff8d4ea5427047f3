import GRDB
import LangfarmCore

/// The trigram index of the IDs / names search (docs/SEARCH.md, "IDs and names"): one
/// document per trace in `id_search_index` (FTS5, `trigram` tokenizer) under the row id
/// `id_search_documents` assigns to the trace, holding `IdSearchTerms.document`. The background
/// indexer keeps it with the content documents, from the same backlog; searches read the
/// backlog directly, so the index may lag without a search missing anything.
enum SQLiteIdSearch {
    /// The SQL function migration v12 fills the index with: `IdSearchTerms.document` of
    /// (id, name, user_id, session_id).
    static let documentFunction = "langfarm_id_search_document"

    static func register(in db: Database) {
        db.add(function: DatabaseFunction(documentFunction, argumentCount: 4, pure: true) { arguments in
            IdSearchTerms.document(
                id: String.fromDatabaseValue(arguments[0]) ?? "", name: String.fromDatabaseValue(arguments[1]),
                userId: String.fromDatabaseValue(arguments[2]), sessionId: String.fromDatabaseValue(arguments[3])
            )
        })
    }

    /// The trace's indexed text now; nil when it has no row (deleted, or only observations yet).
    static func document(of key: TraceKey, in db: Database) throws -> String? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT id, name, user_id, session_id FROM traces WHERE project_id = ? AND id = ?"),
            arguments: [key.projectId, key.traceId]
        ).map { IdSearchTerms.document(id: $0[0], name: $0[1], userId: $0[2], sessionId: $0[3]) }
    }

    /// Makes `text` the trace's document (removing it for nil); returns whether the index changed.
    static func store(_ text: String?, for key: TraceKey, in db: Database) throws -> Bool {
        let documentId = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT document_id FROM id_search_documents WHERE project_id = ? AND trace_id = ?"),
            arguments: [key.projectId, key.traceId]
        )
        switch (documentId, text) {
        case (nil, nil):
            return false
        case (let documentId?, nil):
            try delete(documentId, in: db)
            return true
        case (let documentId?, let text?):
            let stored = try String.fetchOne(db.cachedStatement(sql: "SELECT text FROM id_search_index WHERE rowid = ?"), arguments: [documentId])
            guard stored != text else { return false }
            try db.cachedStatement(sql: "UPDATE id_search_index SET text = ? WHERE rowid = ?").execute(arguments: [text, documentId])
            return true
        case (nil, let text?):
            try db.cachedStatement(sql: "INSERT INTO id_search_documents (project_id, trace_id) VALUES (?, ?)")
                .execute(arguments: [key.projectId, key.traceId])
            try db.cachedStatement(sql: "INSERT INTO id_search_index (rowid, text) VALUES (?, ?)").execute(arguments: [db.lastInsertedRowID, text])
            return true
        }
    }

    private static func delete(_ documentId: Int64, in db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM id_search_index WHERE rowid = ?").execute(arguments: [documentId])
        try db.cachedStatement(sql: "DELETE FROM id_search_documents WHERE document_id = ?").execute(arguments: [documentId])
    }
}
