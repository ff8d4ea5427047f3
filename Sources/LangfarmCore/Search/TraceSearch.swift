/// The search box of the traces table: Langfuse's `searchQuery` with its `searchType`.
public struct TraceSearch: Sendable, Equatable {
    public var text: String
    public var scope: TraceSearchScope

    public init(text: String, scope: TraceSearchScope = .ids) {
        self.text = text
        self.scope = scope
    }
}

/// What the search box looks at (Langfuse's `searchType`: `id`, `content`, `input`, `output`).
public struct TraceSearchScope: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// The id, name, user id and session id contain the text, in any case.
    public static let ids = TraceSearchScope(rawValue: 1)
    /// The input `matches` the text (`ContentMatcher`, case-insensitive).
    public static let input = TraceSearchScope(rawValue: 2)
    /// The output `matches` the text.
    public static let output = TraceSearchScope(rawValue: 4)
    public static let content: TraceSearchScope = [.input, .output]
}

/// Case-insensitive substring search in plain text (ids and names), as Langfuse's `ILIKE
/// '%text%'`, with Unicode lower-casing rather than ASCII only.
public struct FoldedSubstring: Sendable, Hashable {
    let folded: [UInt8]

    public init(_ needle: String) {
        var needle = needle
        folded = needle.withUTF8 { SearchCaseFolding.folded($0) ?? Array($0) }
    }

    public func isFound(in text: String) -> Bool {
        var text = text
        return text.withUTF8 { buffer in
            if let folded = SearchCaseFolding.folded(buffer) {
                return folded.withUnsafeBufferPointer { SearchText.contains($0, self.folded) }
            }
            return SearchText.contains(buffer, folded)
        }
    }
}
