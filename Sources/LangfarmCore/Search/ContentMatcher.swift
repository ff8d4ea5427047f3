/// Langfuse's `matches` operator, on stored JSON values (`input`, `output`, a metadata value).
///
/// A field matches when the query text occurs in one of its values and every token of the
/// query is a whole token of the field: `needle` matches `Needle in mixed case` and
/// `needle@gmail.com`, not `foobarneedle`; `alpha beta` matches `prefix alpha beta suffix`, not
/// `beta alpha`. Input and output compare case-insensitively, metadata case-sensitively (as
/// Langfuse does). Values are compared as a reader sees them: object keys are not text, and
/// escapes inside strings are decoded (`SearchText`).
public enum ContentMatcher {
    /// Whether a stored JSON value (an input or output column) matches.
    public static func matches(storedJSON json: String, _ query: SearchQuery, caseSensitive: Bool) -> Bool {
        var json = json
        return json.withUTF8 { matches(values: $0, query.form(caseSensitive: caseSensitive), foldCase: !caseSensitive) }
    }

    /// Whether the value of `key` in a stored metadata object matches; false without the key.
    public static func matches(storedMetadata json: String, key: String, _ query: SearchQuery, caseSensitive: Bool) -> Bool {
        var json = json
        return json.withUTF8 { object in
            guard let value = StoredJSONScalars.member(key, of: object) else { return false }
            return matches(values: value, query.form(caseSensitive: caseSensitive), foldCase: !caseSensitive)
        }
    }

    private static func matches(values json: UnsafeBufferPointer<UInt8>, _ form: SearchQuery.Form, foldCase: Bool) -> Bool {
        if !form.phraseIsToken, !anyValue(of: json, foldCase: foldCase, contains: form.phrase) { return false }
        return hasWholeTokens(form.tokens, in: json, foldCase: foldCase)
    }

    /// Whether one of the values contains `phrase`.
    private static func anyValue(of json: UnsafeBufferPointer<UInt8>, foldCase: Bool, contains phrase: [UInt8]) -> Bool {
        var found = false
        StoredJSONScalars.forEach(in: json) { scalar in
            found = SearchText.withSearchable(scalar, foldCase: foldCase) { SearchText.contains($0, phrase) }
            return !found
        }
        return found
    }

    /// Whether each token is a whole token of some value. Only values that contain a missing
    /// token as a substring are tokenised.
    private static func hasWholeTokens(_ tokens: [[UInt8]], in json: UnsafeBufferPointer<UInt8>, foldCase: Bool) -> Bool {
        var missing = tokens
        StoredJSONScalars.forEach(in: json) { scalar in
            SearchText.withSearchable(scalar, foldCase: foldCase) { text in
                let candidates = missing.filter { SearchText.contains(text, $0) }
                guard !candidates.isEmpty else { return }
                SearchTokeniser.forEachToken(in: text) { range in
                    let token = UnsafeBufferPointer(rebasing: text[range])
                    if candidates.contains(where: { $0.elementsEqual(token) }) {
                        missing.removeAll { $0.elementsEqual(token) }
                    }
                    return !missing.isEmpty
                }
            }
            return !missing.isEmpty
        }
        return missing.isEmpty
    }
}
