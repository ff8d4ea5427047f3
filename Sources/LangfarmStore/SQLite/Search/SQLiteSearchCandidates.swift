import GRDB
import LangfarmCore

/// Narrows a content search down to candidate traces: those whose index document holds every
/// index term of the query, and those in the backlog (not indexed yet, or changed since: their
/// document may lack new words). The candidates are a superset of the traces with matching
/// rows; the matcher then decides on each row.
///
/// The narrowing pays when the candidates are few. For a common word they are most traces, and
/// listing them all costs more than it saves: a list sorted newest first that checks each row
/// as it goes finds a page of matches after a few rows. So the narrowing is used only when the
/// project has at most `listLimit` candidates, counted on the index itself, which stops
/// counting there (a term's document count from `fts5vocab` would read its whole posting list:
/// unbounded for a common word, and across all projects).
enum SQLiteSearchCandidates {
    /// The most candidate traces listed for a search. A candidate costs a lookup in an
    /// ephemeral table for each row the list reads, plus the check of its rows (docs/SEARCH.md
    /// has the measurements this comes from).
    static let listLimit = 20_000

    /// `traceId IN (candidates)`, or nil when there are more than `limit` candidates (or the
    /// query has no token to look up) and the search should check rows without narrowing.
    /// `traceId` is the SQL expression of the row's trace id; `projectId` the project searched.
    static func restriction(
        for query: SearchQuery, traceId: String, projectId: String, limit: Int, in db: Database
    ) throws -> SQLFragment? {
        guard query.hasTokens else { return nil }
        let expression = matchExpression(query.indexTerms)
        let count = try Int.fetchOne(db, sql: """
            SELECT (SELECT COUNT(*) FROM (
                        SELECT 1 FROM search_index JOIN search_documents d ON d.document_id = search_index.rowid
                        WHERE search_index MATCH ? AND d.project_id = ? LIMIT ?))
                 + (SELECT COUNT(*) FROM (SELECT 1 FROM search_backlog WHERE project_id = ? LIMIT ?))
            """, arguments: [expression, projectId, limit + 1, projectId, limit + 1]) ?? 0
        guard count <= limit else { return nil }
        return SQLFragment("""
            \(traceId) IN (
                SELECT d.trace_id FROM search_index JOIN search_documents d ON d.document_id = search_index.rowid
                WHERE search_index MATCH ? AND d.project_id = ?
                UNION ALL
                SELECT trace_id FROM search_backlog WHERE project_id = ?)
            """, [expression, projectId, projectId])
    }

    /// An FTS5 query for documents holding every term: each term a quoted string (the terms
    /// have no quotes, but a quote would be doubled), ANDed by juxtaposition.
    static func matchExpression(_ terms: [String]) -> String {
        terms.map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"" }.joined(separator: " ")
    }
}
