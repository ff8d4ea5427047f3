import GRDB
import LangfarmCore
import Synchronization

/// The SQL functions that decide on rows in searches, registered on every connection of the
/// store (`SQLiteStore`'s `prepareDatabase`).
///
/// - `langfarm_matches(json, query, case_sensitive)`: whether a stored input or output
///   matches (`ContentMatcher`); 0 for NULL.
/// - `langfarm_matches_metadata(metadata, key, query, case_sensitive)`: whether the value of
///   `key` in a stored metadata object matches.
/// - `langfarm_contains_folded(text, needle)`: whether plain text contains `needle` in any case.
enum SQLiteSearchFunctions {
    static let matches = "langfarm_matches"
    static let matchesMetadata = "langfarm_matches_metadata"
    static let containsFolded = "langfarm_contains_folded"

    static func register(in db: Database) {
        // Each connection prepares a query once per statement, not once per row it checks.
        let queries = PreparedCache(SearchQuery.init)
        let needles = PreparedCache(FoldedSubstring.init)
        db.add(function: DatabaseFunction(matches, argumentCount: 3, pure: true) { arguments in
            guard let json = String.fromDatabaseValue(arguments[0]), let query = String.fromDatabaseValue(arguments[1]) else { return false }
            return ContentMatcher.matches(storedJSON: json, queries[query], caseSensitive: Bool.fromDatabaseValue(arguments[2]) ?? false)
        })
        db.add(function: DatabaseFunction(matchesMetadata, argumentCount: 4, pure: true) { arguments in
            guard let json = String.fromDatabaseValue(arguments[0]), let key = String.fromDatabaseValue(arguments[1]),
                  let query = String.fromDatabaseValue(arguments[2]) else { return false }
            return ContentMatcher.matches(storedMetadata: json, key: key, queries[query], caseSensitive: Bool.fromDatabaseValue(arguments[3]) ?? true)
        })
        db.add(function: DatabaseFunction(containsFolded, argumentCount: 2, pure: true) { arguments in
            guard let text = String.fromDatabaseValue(arguments[0]), let needle = String.fromDatabaseValue(arguments[1]) else { return false }
            return needles[needle].isFound(in: text)
        })
    }
}

/// The value last prepared from a text: a statement passes the same text for every row.
private final class PreparedCache<Value: Sendable>: Sendable {
    private let prepare: @Sendable (String) -> Value
    private let last = Mutex<(text: String, value: Value)?>(nil)

    init(_ prepare: @escaping @Sendable (String) -> Value) {
        self.prepare = prepare
    }

    subscript(text: String) -> Value {
        // Bytes, not String equality: canonically equivalent texts are different searches.
        if let value = last.withLock({ entry in entry.flatMap { $0.text.utf8.elementsEqual(text.utf8) ? $0.value : nil } }) {
            return value
        }
        let value = prepare(text)
        last.withLock { $0 = (text, value) }
        return value
    }
}
