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
    let bytes: UnsafeBufferPointer<UInt8>

    private enum Class { case letter, number, whitespace, other }

    func forEachPiece(_ body: (Range<Int>) -> Void) {
        var start = 0
        while start < bytes.count {
            let end = pieceEnd(from: start)
            body(start..<end)
            start = end
        }
    }

    private func pieceEnd(from start: Int) -> Int {
        let (first, afterFirst) = scalar(at: start)
        let firstClass = Self.classify(first)

        // '(?i:[sdmt]|ll|ve|re)
        if first == 0x27, let end = contractionEnd(after: afterFirst) { return end }

        // [^\r\n\p{L}\p{N}]?+\p{L}+
        if firstClass == .letter { return end(ofRun: .letter, from: afterFirst) }
        if firstClass != .number, first != 0x0D, first != 0x0A, afterFirst < bytes.count,
           Self.classify(scalar(at: afterFirst).value) == .letter {
            return end(ofRun: .letter, from: afterFirst)
        }

        // \p{N}{1,3}
        if firstClass == .number {
            var end = afterFirst
            for _ in 0..<2 where end < bytes.count {
                let (value, next) = scalar(at: end)
                guard Self.classify(value) == .number else { break }
                end = next
            }
            return end
        }

        // ' ?[^\s\p{L}\p{N}]++[\r\n]*'
        let symbolsStart = first == 0x20 ? afterFirst : start
        if symbolsStart < bytes.count, Self.classify(scalar(at: symbolsStart).value) == .other {
            var end = end(ofRun: .other, from: symbolsStart)
            while end < bytes.count, bytes[end] == 0x0D || bytes[end] == 0x0A { end += 1 }
            return end
        }

        // What is left starts with whitespace: \s*[\r\n]|\s+(?!\S)|\s+
        var end = start, lastScalarStart = start, scalars = 0
        var afterLastLineBreak: Int?
        while end < bytes.count {
            let (value, next) = scalar(at: end)
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

    /// The end of `'s`, `'t`, `'re`, `'ve`, `'m`, `'ll` or `'d` in any case, the apostrophe ending
    /// at `index`. Unicode case folding makes `ſ` (U+017F) an `s` too.
    private func contractionEnd(after index: Int) -> Int? {
        guard index < bytes.count else { return nil }
        let (second, afterSecond) = scalar(at: index)
        switch second {
        case 0x73, 0x53, 0x17F, 0x64, 0x44, 0x6D, 0x4D, 0x74, 0x54: return afterSecond // s d m t
        case 0x6C, 0x4C, 0x76, 0x56, 0x72, 0x52: break // l v r
        default: return nil
        }
        guard afterSecond < bytes.count else { return nil }
        let (third, afterThird) = scalar(at: afterSecond)
        switch (second | 0x20, third | 0x20) {
        case (0x6C, 0x6C), (0x76, 0x65), (0x72, 0x65): return afterThird // ll ve re
        default: return nil
        }
    }

    private func end(ofRun runClass: Class, from start: Int) -> Int {
        var end = start
        while end < bytes.count {
            let (value, next) = scalar(at: end)
            guard Self.classify(value) == runClass else { break }
            end = next
        }
        return end
    }

    /// The scalar starting at `index` and the index after it. Swift strings are valid UTF-8;
    /// the bounds are clamped anyway so that no input can read past the buffer.
    private func scalar(at index: Int) -> (value: UInt32, next: Int) {
        let lead = bytes[index]
        let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        guard length > 1 else { return (UInt32(lead), index + 1) }
        let next = min(index + length, bytes.count)
        var value = UInt32(lead) & (0xFF >> (length + 1))
        for position in (index + 1)..<next { value = value << 6 | UInt32(bytes[position] & 0x3F) }
        return (value, next)
    }

    /// `\p{L}`, `\p{N}` and `\s` (White_Space), as the regex engine tiktoken uses defines them.
    private static func classify(_ value: UInt32) -> Class {
        switch value {
        case 0x41...0x5A, 0x61...0x7A: return .letter
        case 0x30...0x39: return .number
        case 0x09...0x0D, 0x20: return .whitespace
        case 0..<0x80: return .other
        default: break
        }
        guard let properties = Unicode.Scalar(value)?.properties else { return .other }
        if properties.isWhitespace { return .whitespace }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return .letter
        case .decimalNumber, .letterNumber, .otherNumber: return .number
        default: return .other
        }
    }
}
