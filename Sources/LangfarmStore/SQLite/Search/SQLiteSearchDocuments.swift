import GRDB
import LangfarmCore

/// Index documents: one per trace with content, its words in the full-text table
/// `search_index` under the row id that `search_documents` assigns to the trace.
enum SQLiteSearchDocuments {
    /// The stored JSON texts a trace's document is made of: the trace's and its observations'
    /// input, output and metadata.
    static func content(of key: TraceKey, in db: Database) throws -> [String] {
        let arguments: StatementArguments = [key.projectId, key.traceId]
        var texts: [String] = []
        for statement in [
            try db.cachedStatement(sql: "SELECT input, output, metadata FROM traces WHERE project_id = ? AND id = ?"),
            try db.cachedStatement(sql: "SELECT input, output, metadata FROM observations WHERE project_id = ? AND trace_id = ?"),
        ] {
            let rows = try Row.fetchCursor(statement, arguments: arguments)
            while let row = try rows.next() {
                for column in 0..<3 { if let text: String = row[column] { texts.append(text) } }
            }
        }
        return texts
    }

    /// The document of content read by `content(of:in:)`; empty when there are no words.
    static func words(of content: [String]) -> String {
        var builder = SearchDocumentBuilder()
        for text in content { builder.add(storedJSON: text) }
        return builder.text
    }

    /// Makes `words` the trace's document (removing it when `words` is empty); returns whether
    /// the index changed. An unchanged document is left alone: re-indexing costs as much as
    /// indexing, and most later writes to a trace (end times, usage, scores) add no words.
    static func store(_ words: String, for key: TraceKey, in db: Database) throws -> Bool {
        let documentId = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT document_id FROM search_documents WHERE project_id = ? AND trace_id = ?"),
            arguments: [key.projectId, key.traceId]
        )
        switch (documentId, words.isEmpty) {
        case (nil, true):
            return false
        case (let documentId?, true):
            try db.cachedStatement(sql: "DELETE FROM search_index WHERE rowid = ?").execute(arguments: [documentId])
            try db.cachedStatement(sql: "DELETE FROM search_documents WHERE document_id = ?").execute(arguments: [documentId])
            return true
        case (let documentId?, false):
            let stored = try String.fetchOne(db.cachedStatement(sql: "SELECT words FROM search_index WHERE rowid = ?"), arguments: [documentId])
            guard stored != words else { return false }
            try db.cachedStatement(sql: "UPDATE search_index SET words = ? WHERE rowid = ?").execute(arguments: [words, documentId])
            return true
        case (nil, false):
            try db.cachedStatement(sql: "INSERT INTO search_documents (project_id, trace_id) VALUES (?, ?)")
                .execute(arguments: [key.projectId, key.traceId])
            try db.cachedStatement(sql: "INSERT INTO search_index (rowid, words) VALUES (?, ?)").execute(arguments: [db.lastInsertedRowID, words])
            return true
        }
    }
}
