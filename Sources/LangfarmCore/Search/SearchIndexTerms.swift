/// The words a full-text index keeps for tokens: the token itself, cut to `maxBytes`.
///
/// A base64 image or a minified blob is one enormous token; kept whole it would bloat the
/// index with words nobody types. A longer token is indexed by its first `maxBytes` bytes (at a
/// character boundary), and a query's long token is looked up the same way, so the index still
/// narrows the search down; the matcher then compares whole tokens.
enum SearchIndexTerms {
    static let maxBytes = 64

    /// The index term of a token.
    static func term(_ token: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard token.count > maxBytes else { return token }
        var end = maxBytes
        // Step back over continuation bytes (10xxxxxx) to the start of the cut character.
        while end > 0, token[end] & 0xC0 == 0x80 { end -= 1 }
        return UnsafeBufferPointer(rebasing: token[..<end])
    }
}
