/// Builds a trace's full-text index document: the distinct words (folded index terms, see
/// `SearchIndexTerms`) of the values of its and its observations' input, output and metadata,
/// separated by spaces.
///
/// One document per trace, with each word once, keeps indexing cheap: the index's cost grows
/// with the words it is given, and a trace's observations repeat most of their words. The
/// document only narrows a search down to candidate traces; `ContentMatcher` decides on rows.
public struct SearchDocumentBuilder {
    private var seen: Set<[UInt8]> = []
    private var words: [UInt8] = []

    public init() {}

    /// Adds the words of a stored JSON value (an input, output or metadata column).
    public mutating func add(storedJSON json: String) {
        var json = json
        json.withUTF8 { buffer in
            StoredJSONScalars.forEach(in: buffer) { scalar in
                SearchText.withSearchable(scalar, foldCase: true) { text in
                    SearchTokeniser.forEachToken(in: text) { range in
                        add(term: SearchIndexTerms.term(UnsafeBufferPointer(rebasing: text[range])))
                        return true
                    }
                }
                return true
            }
        }
    }

    private mutating func add(term: UnsafeBufferPointer<UInt8>) {
        let term = Array(term)
        guard seen.insert(term).inserted else { return }
        if !words.isEmpty { words.append(UInt8(ascii: " ")) }
        words.append(contentsOf: term)
    }

    /// No words: the trace has nothing to find.
    public var isEmpty: Bool { words.isEmpty }

    /// The document: its words separated by single spaces.
    public var text: String { String(decoding: words, as: UTF8.self) }
}
