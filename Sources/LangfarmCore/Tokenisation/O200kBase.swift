/// tiktoken's o200k_base encoding (gpt-4o, gpt-4o-2024-05-13): its ranks, special tokens and
/// pre-tokeniser. It shares the byte-pair encoder with cl100k_base (Cl100kBase.swift); only the
/// ranks and the way text is split into pieces differ.
enum O200kBase {
    /// Built from the compiled-in ranks on first use, once, as `Cl100kBase.encoder` is. nil only
    /// if the generated ranks file were malformed, which the tests rule out.
    static let encoder: BytePairEncoder? = RankTable(tiktokenRanks: ranksText).map {
        BytePairEncoder(ranks: $0, specialTokens: specialTokens) { PreTokeniser(bytes: $0).forEachPiece($1) }
    }

    /// tiktoken_ext/openai_public.py's o200k_base special tokens.
    private static let specialTokens = [
        "<|endoftext|>": 199_999,
        "<|endofprompt|>": 200_018,
    ]
}

/// o200k_base's pre-tokeniser. tiktoken (and Langfuse's JavaScript tiktoken alike) splits with
///
///     [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
///     |[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
///     |\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
///
/// (one line in tiktoken). Unlike cl100k_base's, words split where lower case turns to upper
/// ("HelloWorld" is "Hello" "World"), marks belong to words, and contractions stay on their word.
/// This is that pattern compiled by hand into a scanner, like cl100k_base's: alternatives are tried
/// in the regex's order, and where the regex would backtrack the scanner computes the match the
/// backtracking finds. Every piece is at least one scalar long, and a scalar is read a bounded
/// number of times (a word that backtracks leaves behind only upper-case letters, which the next
/// piece takes whole), so the scan is linear and cannot stall on any input.
private struct PreTokeniser {
    private let scanner: ScalarScanner
    private var bytes: UnsafeBufferPointer<UInt8> { scanner.bytes }

    init(bytes: UnsafeBufferPointer<UInt8>) {
        scanner = ScalarScanner(bytes: bytes)
    }

    func forEachPiece(_ body: (Range<Int>) -> Void) {
        scanner.forEachPiece(ending: pieceEnd(from:), body)
    }

    private func pieceEnd(from start: Int) -> Int {
        let (first, afterFirst) = scanner.categorised(at: start)

        // The two word alternatives, each first with its optional leading scalar, then without.
        let hasPrefix = first != .number && !first.isLetter && bytes[start] != 0x0D && bytes[start] != 0x0A
        if let end = (hasPrefix ? caseWordEnd(from: afterFirst) : nil) ?? caseWordEnd(from: start)
            ?? (hasPrefix ? capitalWordEnd(from: afterFirst) : nil) ?? capitalWordEnd(from: start) {
            return contractionEnd(after: end)
        }

        // \p{N}{1,3}
        if first == .number {
            var end = afterFirst
            for _ in 0..<2 where end < bytes.count {
                let (category, next) = scanner.categorised(at: end)
                guard category == .number else { break }
                end = next
            }
            return end
        }

        // ' ?[^\s\p{L}\p{N}]+[\r\n/]*': a slash right after the run would be part of it, but one
        // after a line break is taken too (" }\n/" in " }\n/* comment").
        let symbolsStart = bytes[start] == 0x20 ? afterFirst : start
        if symbolsStart < bytes.count, Self.isSymbol(scanner.categorised(at: symbolsStart).category) {
            var end = symbolsStart
            while end < bytes.count {
                let (category, next) = scanner.categorised(at: end)
                guard Self.isSymbol(category) else { break }
                end = next
            }
            while end < bytes.count, bytes[end] == 0x0D || bytes[end] == 0x0A || bytes[end] == 0x2F { end += 1 }
            return end
        }

        // What is left starts with whitespace: \s*[\r\n]+|\s+(?!\S)|\s+
        var end = start, lastScalarStart = start, scalars = 0
        var afterLastLineBreak: Int?
        while end < bytes.count {
            let (category, next) = scanner.categorised(at: end)
            guard category == .whitespace else { break }
            if bytes[end] == 0x0A || bytes[end] == 0x0D { afterLastLineBreak = next }
            lastScalarStart = end
            end = next
            scalars += 1
        }
        // \s* takes the whole run and gives back up to its last line break, which [\r\n]+ takes.
        if let afterLastLineBreak { return afterLastLineBreak }
        // Before a non-space, \s+(?!\S) gives back the last space, which then leads the next piece.
        return end == bytes.count || scalars == 1 ? end : lastScalarStart
    }

    /// `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+` from `start`. The greedy
    /// upper run is followed by a lower-case run if one comes next; otherwise the regex backtracks
    /// into the upper run and ends the match after the run's last scalar that is in both classes
    /// (an uncased letter or mark), or fails if there is none.
    private func caseWordEnd(from start: Int) -> Int? {
        var end = start
        var afterLastShared: Int?
        while end < bytes.count {
            let (category, next) = scanner.categorised(at: end)
            guard Self.isUpper(category) else { break }
            if Self.isLower(category) { afterLastShared = next }
            end = next
        }
        guard end < bytes.count, Self.isLower(scanner.categorised(at: end).category) else { return afterLastShared }
        return lowerRunEnd(from: end)
    }

    /// `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*` from `start`.
    private func capitalWordEnd(from start: Int) -> Int? {
        var end = start
        while end < bytes.count {
            let (category, next) = scanner.categorised(at: end)
            guard Self.isUpper(category) else { break }
            end = next
        }
        return end == start ? nil : lowerRunEnd(from: end)
    }

    private func lowerRunEnd(from start: Int) -> Int {
        var end = start
        while end < bytes.count {
            let (category, next) = scanner.categorised(at: end)
            guard Self.isLower(category) else { break }
            end = next
        }
        return end
    }

    /// The word's end with `(?i:'s|'t|'re|'ve|'m|'ll|'d)?` taken if it follows.
    private func contractionEnd(after end: Int) -> Int {
        guard end < bytes.count, bytes[end] == 0x27 else { return end }
        return scanner.contractionEnd(afterApostrophe: end + 1) ?? end
    }

    /// `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`
    private static func isUpper(_ category: ScalarScanner.Category) -> Bool {
        category == .upperLetter || category == .otherLetter || category == .mark
    }

    /// `[\p{Ll}\p{Lm}\p{Lo}\p{M}]`
    private static func isLower(_ category: ScalarScanner.Category) -> Bool {
        category == .lowerLetter || category == .otherLetter || category == .mark
    }

    /// `[^\s\p{L}\p{N}]`
    private static func isSymbol(_ category: ScalarScanner.Category) -> Bool {
        category == .other || category == .mark
    }
}
