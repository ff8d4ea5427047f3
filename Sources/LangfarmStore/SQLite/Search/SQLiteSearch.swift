import GRDB
import LangfarmCore

/// Content search conditions for list queries (docs/SEARCH.md): what the trace and observation
/// lists add to their WHERE clause for a `matches` filter or the search box.
///
/// Each condition narrows the rows to candidate traces when that pays
/// (`SQLiteSearchCandidates`), and checks each row with the matcher's SQL functions
/// (`SQLiteSearchFunctions`), so a search sees every committed write at once, indexed or not.
/// Put it last in the WHERE clause, after the cheaper conditions.
enum SQLiteSearch {
    /// Rows whose `field` matches `query` (`ContentMatcher`), in `projectId`.
    /// `candidateLimit`: see `SQLiteSearchCandidates`.
    static func matches(
        _ field: SearchField, of rows: SearchedRows, query: SearchQuery, projectId: String,
        candidateLimit: Int = SQLiteSearchCandidates.listLimit, in db: Database
    ) throws -> SQLFragment {
        let check = field.check(on: rows, query)
        guard let candidates = try SQLiteSearchCandidates.restriction(
            of: rows, for: query, projectId: projectId, limit: candidateLimit, in: db
        ) else {
            return check
        }
        return .all([candidates, check])
    }

    /// Traces (`traces t`) found by the search box: with `.ids`, whose id, name, user id or
    /// session id contains the text in any case (narrowed by the trigram index); with `.input` or `.output`, whose input or
    /// output matches it. Scopes are ORed; an empty text finds every trace.
    /// `candidateLimit`: at most how many candidates narrow the search, for both indexes; by
    /// default each index's own (`SQLiteSearchCandidates`).
    static func traces(
        _ search: TraceSearch, projectId: String, candidateLimit: Int? = nil, in db: Database
    ) throws -> SQLFragment {
        guard !search.text.isEmpty else { return .alwaysTrue }
        var alternatives: [SQLFragment] = []
        if search.scope.contains(.ids) {
            let check = SQLFragment.any(["t.id", "t.name", "t.user_id", "t.session_id"].map {
                SQLFragment("\(SQLiteSearchFunctions.containsFolded)(\($0), ?)", [search.text])
            })
            let candidates = try SQLiteSearchCandidates.idRestriction(
                of: .traces(alias: "t"), for: search.text, projectId: projectId, limit: candidateLimit ?? SQLiteSearchCandidates.idListLimit, in: db
            )
            alternatives.append(candidates.map { .all([$0, check]) } ?? check)
        }
        let fields = [(TraceSearchScope.input, SearchField.input), (.output, .output)].filter { search.scope.contains($0.0) }
        if !fields.isEmpty {
            let rows = SearchedRows.traces(alias: "t")
            let query = SearchQuery(search.text)
            var content = [SQLFragment.any(fields.map { $0.1.check(on: rows, query) })]
            if let candidates = try SQLiteSearchCandidates.restriction(
                of: rows, for: query, projectId: projectId, limit: candidateLimit ?? SQLiteSearchCandidates.listLimit, in: db
            ) {
                content.insert(candidates, at: 0)
            }
            alternatives.append(.all(content))
        }
        return .any(alternatives)
    }
}

extension SQLFragment {
    /// `a OR b OR …`; false for no fragments.
    static func any(_ fragments: [SQLFragment]) -> SQLFragment {
        guard !fragments.isEmpty else { return SQLFragment("0") }
        return SQLFragment(sql: fragments.map { "(\($0.sql))" }.joined(separator: " OR "), arguments: fragments.flatMap(\.arguments))
    }
}
