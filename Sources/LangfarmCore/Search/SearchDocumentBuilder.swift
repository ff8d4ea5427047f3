/// Builds a trace's full-text index document: the distinct words (folded index terms, see
/// `SearchIndexTerms`) of the values of its and its observations' input, output and metadata,
/// separated by spaces.
///
/// One document per trace, with each word once, keeps indexing cheap: the index's cost grows
/// with the words it is given, and a trace's observations repeat most of their words. The
/// document only narrows a search down to candidate traces; `ContentMatcher` decides on rows.
public struct SearchDocumentBuilder {
    private var words = DistinctWords()

    public init() {}

    /// Adds the words of a stored JSON value (an input, output or metadata column).
    public mutating func add(storedJSON json: String) {
        var json = json
        json.withUTF8 { buffer in
            StoredJSONScalars.forEach(in: buffer) { scalar in
                SearchText.withSearchable(scalar, foldCase: true) { text in
                    SearchTokeniser.forEachToken(in: text) { range in
                        words.insert(SearchIndexTerms.term(UnsafeBufferPointer(rebasing: text[range])))
                        return true
                    }
                }
                return true
            }
        }
    }

    /// No words: the trace has nothing to find.
    public var isEmpty: Bool { words.isEmpty }

    /// The document: its words separated by single spaces.
    public var text: String { String(decoding: words.bytes, as: UTF8.self) }
}
