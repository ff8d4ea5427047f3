/// tiktoken's cl100k_base encoding (gpt-4, gpt-3.5-turbo, text-embedding-ada-002, …): its ranks,
/// special tokens and pre-tokeniser.
enum Cl100kBase {
    /// Built from the compiled-in ranks on first use, once (a `static let` is initialised
    /// lazily and thread-safely), so that servers which never tokenise never pay for it. nil only
    /// if the generated ranks file were malformed, which the tests rule out.
    static let encoder: BytePairEncoder? = RankTable(tiktokenRanks: ranksText).map {
        BytePairEncoder(ranks: $0, specialTokens: specialTokens) { PreTokeniser(bytes: $0).forEachPiece($1) }
    }

    private static let specialTokens = [
        "<|endoftext|>": 100_257,
        "<|fim_prefix|>": 100_258,
        "<|fim_middle|>": 100_259,
        "<|fim_suffix|>": 100_260,
        "<|endofprompt|>": 100_276,
    ]
}

/// cl100k_base's pre-tokeniser. tiktoken splits with the pattern
///
///     '(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+
///
/// (Langfuse's JavaScript tiktoken's pattern, plus possessive quantifiers that change no match;
/// current tiktoken also adds `\s++$`, which keeps trailing whitespace after a line break in one
/// piece and gave the same tokens on every text compared). This is that pattern compiled by hand
/// into a scanner over the Unicode scalars of valid UTF-8: alternatives are tried in order and the
/// first that matches wins, as in the regex. Every piece is at least one scalar long and nothing
/// backtracks, so the scan is linear and cannot stall on any input.
private struct PreTokeniser {
    private let scanner: ScalarScanner
    private var bytes: UnsafeBufferPointer<UInt8> { scanner.bytes }

    init(bytes: UnsafeBufferPointer<UInt8>) {
        scanner = ScalarScanner(bytes: bytes)
    }

    private enum Class { case letter, number, whitespace, other }

    func forEachPiece(_ body: (Range<Int>) -> Void) {
        scanner.forEachPiece(ending: pieceEnd(from:), body)
    }

    private func pieceEnd(from start: Int) -> Int {
        let (first, afterFirst) = scanner.scalar(at: start)
        let firstClass = Self.classify(first)

        // '(?i:[sdmt]|ll|ve|re)
        if first == 0x27, let end = scanner.contractionEnd(afterApostrophe: afterFirst) { return end }

        // [^\r\n\p{L}\p{N}]?+\p{L}+
        if firstClass == .letter { return end(ofRun: .letter, from: afterFirst) }
        if firstClass != .number, first != 0x0D, first != 0x0A, afterFirst < bytes.count,
           Self.classify(scanner.scalar(at: afterFirst).value) == .letter {
            return end(ofRun: .letter, from: afterFirst)
        }

        // \p{N}{1,3}
        if firstClass == .number {
            var end = afterFirst
            for _ in 0..<2 where end < bytes.count {
                let (value, next) = scanner.scalar(at: end)
                guard Self.classify(value) == .number else { break }
                end = next
            }
            return end
        }

        // ' ?[^\s\p{L}\p{N}]++[\r\n]*'
        let symbolsStart = first == 0x20 ? afterFirst : start
        if symbolsStart < bytes.count, Self.classify(scanner.scalar(at: symbolsStart).value) == .other {
            var end = end(ofRun: .other, from: symbolsStart)
            while end < bytes.count, bytes[end] == 0x0D || bytes[end] == 0x0A { end += 1 }
            return end
        }

        // What is left starts with whitespace: \s*[\r\n]|\s+(?!\S)|\s+
        var end = start, lastScalarStart = start, scalars = 0
        var afterLastLineBreak: Int?
        while end < bytes.count {
            let (value, next) = scanner.scalar(at: end)
            guard Self.classify(value) == .whitespace else { break }
            if value == 0x0A || value == 0x0D { afterLastLineBreak = next }
            lastScalarStart = end
            end = next
            scalars += 1
        }
        if let afterLastLineBreak { return afterLastLineBreak }
        // Before a non-space, \s+(?!\S) gives back the last space, which then leads the next piece.
        return end == bytes.count || scalars == 1 ? end : lastScalarStart
    }

    private func end(ofRun runClass: Class, from start: Int) -> Int {
        var end = start
        while end < bytes.count {
            let (value, next) = scanner.scalar(at: end)
            guard Self.classify(value) == runClass else { break }
            end = next
        }
        return end
    }

    /// `\p{L}`, `\p{N}`, `\s` and the rest: cl100k_base does not tell letters apart by case, and
    /// counts marks among the rest.
    private static func classify(_ value: UInt32) -> Class {
        switch ScalarScanner.category(of: value) {
        case .upperLetter, .lowerLetter, .otherLetter: return .letter
        case .number: return .number
        case .whitespace: return .whitespace
        case .mark, .other: return .other
        }
    }
}
