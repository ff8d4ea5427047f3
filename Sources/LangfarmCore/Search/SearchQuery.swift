/// A search text prepared for matching (`ContentMatcher`) and for the full-text index.
///
/// The text is decoded like stored text (`SearchEscapes`), so a query pasted with `\uXXXX`
/// escapes finds the characters they stand for, and folded to lower case for the
/// case-insensitive comparisons. Its tokens are `SearchTokeniser`'s.
public struct SearchQuery: Sendable, Hashable {
    public let text: String
    let exact: Form
    let folded: Form
    /// The distinct index words of the folded tokens: a trace whose content matches has all of
    /// them in its index document.
    public let indexTerms: [String]

    /// What a field is compared with: the query text must occur in one of its values, and each
    /// token must be a whole token of one of them.
    struct Form: Sendable, Hashable {
        let phrase: [UInt8]
        /// Distinct, in query order.
        let tokens: [[UInt8]]

        /// Whether a value holding every token also holds the phrase: true when the phrase is
        /// a single token, the common one-word search.
        var phraseIsToken: Bool { tokens.count == 1 && tokens[0] == phrase }
    }

    public init(_ text: String) {
        self.text = text
        let utf8 = Array(text.utf8)
        exact = utf8.withUnsafeBufferPointer { raw in
            SearchText.withSearchable(raw, decodingLevels: 1, foldCase: false) { Form(phrase: Array($0), tokens: Self.tokens(of: $0)) }
        }
        folded = utf8.withUnsafeBufferPointer { raw in
            SearchText.withSearchable(raw, decodingLevels: 1, foldCase: true) { Form(phrase: Array($0), tokens: Self.tokens(of: $0)) }
        }
        var terms: [String] = []
        for token in folded.tokens {
            let term = token.withUnsafeBufferPointer { String(decoding: SearchIndexTerms.term($0), as: UTF8.self) }
            if !terms.contains(term) { terms.append(term) }
        }
        indexTerms = terms
    }

    /// Whether the query has a letter or digit: without one it is a plain substring search.
    public var hasTokens: Bool { !folded.tokens.isEmpty }

    func form(caseSensitive: Bool) -> Form { caseSensitive ? exact : folded }

    private static func tokens(of text: UnsafeBufferPointer<UInt8>) -> [[UInt8]] {
        var tokens: [[UInt8]] = []
        SearchTokeniser.forEachToken(in: text) { range in
            let token = Array(text[range])
            if !tokens.contains(token) { tokens.append(token) }
            return true
        }
        return tokens
    }
}
