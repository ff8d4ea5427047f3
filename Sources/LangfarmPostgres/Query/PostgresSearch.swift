import LangfarmCore
import LangfarmStore
import Logging
import PostgresNIO

/// Content search (`matches`) and the search box on PostgreSQL, with the semantics of
/// docs/SEARCH.md: the same matchers as the SQLite store (`ContentMatcher`, `FoldedSubstring`)
/// decide every row.
///
/// PostgreSQL keeps no search index yet (no background indexer, see `SearchIndexer`): a
/// search reads the searched fields of every row the list's other conditions leave, checks
/// each in Swift, and narrows the list to the ids that matched, which then count and page as
/// any other condition. Exact, and right after each commit; as fast as the other conditions
/// are narrow (a time window keeps it to the rows in it).
enum PostgresSearch {
    /// The condition on `traces t` of the traces among those `filter` leaves (in `from`) that
    /// the search box finds; nil for an empty text, which finds every trace.
    static func traces(
        _ search: TraceSearch, from: String, filter: BoundSQL, on connection: PostgresConnection, logger: Logger
    ) async throws -> BoundSQL? {
        guard !search.text.isEmpty else { return nil }
        let folded = FoldedSubstring(search.text)
        let query = SearchQuery(search.text)
        let rows: BoundSQL = "SELECT t.id, t.name, t.user_id, t.session_id, t.input, t.output \(unescaped: from) WHERE \(filter)"
        var found: [String] = []
        for row in try await connection.rows(rows.query, logger: logger) {
            let (id, name, userId, sessionId, input, output) = try row.decode((String, String?, String?, String?, String?, String?).self)
            let byIds = search.scope.contains(.ids) && [id, name, userId, sessionId].contains { $0.map(folded.isFound) ?? false }
            let byInput = search.scope.contains(.input) && input.map { ContentMatcher.matches(storedJSON: $0, query, caseSensitive: false) } ?? false
            let byOutput = search.scope.contains(.output) && output.map { ContentMatcher.matches(storedJSON: $0, query, caseSensitive: false) } ?? false
            if byIds || byInput || byOutput { found.append(id) }
        }
        return "t.id = ANY(\(found)::text[])"
    }

    /// Whether a condition is a content search: `matches` on input, output or a metadata key.
    /// (`matches` on another column compares as equality, as on SQLite.)
    static func isContentSearch(_ condition: FilterCondition<ObservationColumn>) -> Bool {
        condition.operator == .matches && [.input, .output, .metadata].contains(condition.column)
    }

    /// The condition on `observations o` of the observations among those `filter` leaves (in
    /// `from`) that match every content search of `searches`. Input and output match in any
    /// case, a metadata value case-sensitively, as Langfuse does.
    static func observations(
        matching searches: [FilterCondition<ObservationColumn>], from: String, filter: BoundSQL,
        on connection: PostgresConnection, logger: Logger
    ) async throws -> BoundSQL {
        let rows: BoundSQL = "SELECT o.id, o.input, o.output, o.metadata \(unescaped: from) WHERE \(filter)"
        var found: [String] = []
        for row in try await connection.rows(rows.query, logger: logger) {
            let (id, input, output, metadata) = try row.decode((String, String?, String?, String).self)
            let matchesAll = searches.allSatisfy { condition in
                let query = SearchQuery(condition.value.string ?? "")
                return switch condition.column {
                case .input: input.map { ContentMatcher.matches(storedJSON: $0, query, caseSensitive: false) } ?? false
                case .output: output.map { ContentMatcher.matches(storedJSON: $0, query, caseSensitive: false) } ?? false
                default: ContentMatcher.matches(storedMetadata: metadata, key: condition.key ?? "", query, caseSensitive: true)
                }
            }
            if matchesAll { found.append(id) }
        }
        return "o.id = ANY(\(found)::text[])"
    }
}
