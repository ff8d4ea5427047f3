/// What the IDs / names search (`TraceSearchScope.ids`) keeps in its trigram index and looks
/// up there (docs/SEARCH.md, "IDs and names").
///
/// Both sides are folded as `FoldedSubstring` folds them, so that whenever a trace's id, name,
/// user or session contains the search text in any case, the trace's folded text holds every
/// trigram of the folded search text: the index narrows, `FoldedSubstring` decides, and the
/// index can never hide a match.
public enum IdSearchTerms {
    /// The most trigrams looked up for one search: any subset of a text's trigrams still
    /// finds every trace that contains the text, and a long pasted id needs no more.
    static let maximumTrigrams = 32

    /// A trace's indexed text: its folded id, name, user id and session id, one per line.
    public static func document(id: String, name: String?, userId: String?, sessionId: String?) -> String {
        [id, name ?? "", userId ?? "", sessionId ?? ""].map(folded).joined(separator: "\n")
    }

    /// The trigrams to look up for a search text: distinct trigrams (three Unicode scalars, as
    /// SQLite's trigram tokenizer reads text) of the folded text; none for a text shorter than
    /// three, which the index cannot narrow.
    ///
    /// Only those with a digit, when there are some: any subset finds every match, and the
    /// letter-only trigrams are the ones most ids and names share (`use` of every `user-…`,
    /// `ses` of every `session-…`, common words), whose posting lists cost the most to read. On
    /// the million-trace benchmark set, `user-0001` looked up in 16 ms by its four trigrams with
    /// a digit and in 50 ms by all seven, for the same candidates.
    public static func trigrams(of text: String) -> [String] {
        let trigrams = allTrigrams(of: folded(text))
        let withDigits = trigrams.filter { $0.unicodeScalars.contains { $0.properties.numericType == .decimal } }
        return Array((withDigits.isEmpty ? trigrams : withDigits).prefix(maximumTrigrams))
    }

    /// The distinct trigrams of `text` as it is, in order of first occurrence.
    static func allTrigrams(of text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 3 else { return [] }
        var seen: Set<String> = []
        var trigrams: [String] = []
        for start in 0...(scalars.count - 3) {
            var trigram = String.UnicodeScalarView()
            trigram.append(contentsOf: scalars[start..<(start + 3)])
            let text = String(trigram)
            if seen.insert(text).inserted { trigrams.append(text) }
        }
        return trigrams
    }

    static func folded(_ text: String) -> String {
        var text = text
        return text.withUTF8 { buffer in SearchCaseFolding.folded(buffer).map { String(decoding: $0, as: UTF8.self) } } ?? text
    }
}
