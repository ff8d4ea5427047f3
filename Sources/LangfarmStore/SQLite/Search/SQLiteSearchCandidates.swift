import GRDB
import LangfarmCore

/// Narrows a search down to candidate traces: those whose index document holds every index
/// term of the query (content words, or the trigrams of ids and names), and those in the
/// backlog (not indexed yet, or changed since: their document may lack new terms). The candidates are a superset of the traces with matching
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

    /// The same for the IDs / names search, whose candidates only restrict traces by id (no
    /// observation subquery): a user's or a session's traces, which may be more than 20,000,
    /// are still worth listing rather than checking every trace's fields. Below SQLite's limit
    /// with room for the rest of the statement.
    static let idListLimit = 30_000

    /// The full-text tables a search looks candidates up in: content words, or the trigrams
    /// of ids and names (`SQLiteIdSearch`).
    enum Index: String {
        case content = "search"
        case ids = "id_search"

        /// Row ids of `<prefix>_index` are the `document_id`s of `<prefix>_documents`.
        var lookup: String {
            "SELECT d.trace_id FROM \(rawValue)_index CROSS JOIN \(rawValue)_documents d ON d.document_id = \(rawValue)_index.rowid "
                + "WHERE \(rawValue)_index MATCH ? AND d.project_id = ? LIMIT ?"
        }
    }

    /// `rows` of the candidate traces, or nil when there are more than `limit` candidates (or
    /// the query has no token to look up) and the search should check rows without narrowing.
    static func restriction(
        of rows: SearchedRows, for query: SearchQuery, projectId: String, limit: Int, in db: Database
    ) throws -> SQLFragment? {
        guard query.hasTokens else { return nil }
        return try restriction(of: rows, in: .content, terms: query.indexTerms, projectId: projectId, limit: limit, in: db)
    }

    /// The same for the IDs / names search: traces whose folded id, name, user and session
    /// hold every trigram of the text (`IdSearchTerms`); no narrowing for a text shorter than
    /// three characters.
    static func idRestriction(of rows: SearchedRows, for text: String, projectId: String, limit: Int, in db: Database) throws -> SQLFragment? {
        let trigrams = IdSearchTerms.trigrams(of: text)
        guard !trigrams.isEmpty else { return nil }
        return try restriction(of: rows, in: .ids, terms: trigrams, projectId: projectId, limit: limit, in: db)
    }

    private static func restriction(
        of rows: SearchedRows, in index: Index, terms: [String], projectId: String, limit: Int, in db: Database
    ) throws -> SQLFragment? {
        guard let traces = try candidateTraces(in: index, terms: terms, projectId: projectId, limit: limit, in: db) else { return nil }
        guard !traces.isEmpty else { return SQLFragment("0") }
        return rows.restricted(to: traces, projectId: projectId)
    }

    /// The ids of the candidate traces (a trace may be listed twice), or nil when there are
    /// more than `limit`. The index is read first (`CROSS JOIN` keeps SQLite from looking the
    /// query up once per document of the project instead).
    static func candidateTraces(in index: Index, terms: [String], projectId: String, limit: Int, in db: Database) throws -> [String]? {
        let indexed = try String.fetchAll(db, sql: index.lookup, arguments: [matchExpression(terms), projectId, limit + 1])
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
