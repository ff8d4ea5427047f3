import GRDB
import LangfarmCore

/// Narrows a content search down to candidate traces: those whose index document holds every
/// index term of the query, and those in the backlog (not indexed yet, or changed since: their
/// document may lack new words). The candidates are a superset of the traces with matching
/// rows; the matcher then decides on each row.
///
/// The candidates are looked up when the condition is built, in the caller's read transaction,
/// and bound as a list of ids (`SearchedRows.restricted(to:projectId:)`), so that SQLite's
/// planner knows how many there are.
///
/// Narrowing pays when the candidates are few. For a common word they are most traces, and
/// listing them costs more than it saves: a list sorted newest first that checks each row as it
/// goes finds a page of matches after a few rows. So the narrowing is used only when the project
/// has at most `listLimit` candidates; the lookup stops there. (A term's document count from
/// `fts5vocab` would read its whole posting list: unbounded for a common word, and counted
/// across all projects.)
enum SQLiteSearchCandidates {
    /// The most candidate traces listed for a search (docs/SEARCH.md has the measurements it
    /// comes from); below SQLite's limit of 32,766 bound values per statement.
    static let listLimit = 20_000

    /// `rows` of the candidate traces, or nil when there are more than `limit` candidates (or
    /// the query has no token to look up) and the search should check rows without narrowing.
    static func restriction(
        of rows: SearchedRows, for query: SearchQuery, projectId: String, limit: Int, in db: Database
    ) throws -> SQLFragment? {
        guard query.hasTokens, let traces = try candidateTraces(for: query, projectId: projectId, limit: limit, in: db) else {
            return nil
        }
        guard !traces.isEmpty else { return SQLFragment("0") }
        return rows.restricted(to: traces, projectId: projectId)
    }

    /// The ids of the candidate traces (a trace may be listed twice), or nil when there are
    /// more than `limit`. The index is read first (`CROSS JOIN` keeps SQLite from looking the
    /// query up once per document of the project instead).
    static func candidateTraces(for query: SearchQuery, projectId: String, limit: Int, in db: Database) throws -> [String]? {
        let indexed = try String.fetchAll(db, sql: """
            SELECT d.trace_id FROM search_index CROSS JOIN search_documents d ON d.document_id = search_index.rowid
            WHERE search_index MATCH ? AND d.project_id = ? LIMIT ?
            """, arguments: [matchExpression(query.indexTerms), projectId, limit + 1])
        guard indexed.count <= limit else { return nil }
        let waiting = try String.fetchAll(
            db, sql: "SELECT trace_id FROM search_backlog WHERE project_id = ? LIMIT ?", arguments: [projectId, limit + 1 - indexed.count]
        )
        guard indexed.count + waiting.count <= limit else { return nil }
        return indexed + waiting
    }

    /// An FTS5 query for documents holding every term: each term a quoted string (the terms
    /// have no quotes, but a quote would be doubled), ANDed by juxtaposition.
    static func matchExpression(_ terms: [String]) -> String {
        terms.map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"" }.joined(separator: " ")
    }
}
