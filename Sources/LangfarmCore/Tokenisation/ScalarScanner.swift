/// What the pre-tokenisers of cl100k_base (Cl100kBase.swift) and o200k_base (O200kBase.swift)
/// share: reading the Unicode scalars of UTF-8 text, the character classes their patterns test,
/// and the English contractions both patterns split off.
struct ScalarScanner {
    let bytes: UnsafeBufferPointer<UInt8>

    /// A scalar's class as the patterns see it. cl100k_base only asks letter or not; o200k_base
    /// tells upper from lower case, with modifier and other letters (and marks) counting as both.
    enum Category {
        /// Lu, Lt.
        case upperLetter
        /// Ll.
        case lowerLetter
        /// Lm, Lo: letters without case.
        case otherLetter
        /// Mn, Mc, Me: not `\p{L}`, but o200k_base's word classes include them.
        case mark
        /// `\p{N}`.
        case number
        /// `\s` (White_Space).
        case whitespace
        case other

        var isLetter: Bool { self == .upperLetter || self == .lowerLetter || self == .otherLetter }
    }

    /// Calls `body` with consecutive pieces covering the text, `pieceEnd(start)` being where the
    /// piece that starts at `start` ends (after at least one scalar).
    func forEachPiece(ending pieceEnd: (Int) -> Int, _ body: (Range<Int>) -> Void) {
        var start = 0
        while start < bytes.count {
            let end = pieceEnd(start)
            body(start..<end)
            start = end
        }
    }

    /// The scalar starting at `index` and the index after it. Swift strings are valid UTF-8;
    /// the bounds are clamped anyway so that no input can read past the buffer.
    func scalar(at index: Int) -> (value: UInt32, next: Int) {
        let lead = bytes[index]
        let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        guard length > 1 else { return (UInt32(lead), index + 1) }
        let next = min(index + length, bytes.count)
        var value = UInt32(lead) & (0xFF >> (length + 1))
        for position in (index + 1)..<next { value = value << 6 | UInt32(bytes[position] & 0x3F) }
        return (value, next)
    }

    /// The category of the scalar at `index` and the index after it.
    func categorised(at index: Int) -> (category: Category, next: Int) {
        let (value, next) = scalar(at: index)
        return (Self.category(of: value), next)
    }

    /// The end of `'s`, `'t`, `'re`, `'ve`, `'m`, `'ll` or `'d` in any case (both patterns'
    /// `(?i:…)` group), the apostrophe ending at `index`. Unicode case folding makes `ſ` (U+017F)
    /// an `s` too.
    func contractionEnd(afterApostrophe index: Int) -> Int? {
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

    /// `\p{Lu}`, `\p{N}`, `\s` (White_Space) and the rest, as the regex engine tiktoken uses
    /// defines them; ASCII without a table lookup, since most text is ASCII.
    static func category(of value: UInt32) -> Category {
        switch value {
        case 0x41...0x5A: return .upperLetter
        case 0x61...0x7A: return .lowerLetter
        case 0x30...0x39: return .number
        case 0x09...0x0D, 0x20: return .whitespace
        case 0..<0x80: return .other
        default: break
        }
        guard let properties = Unicode.Scalar(value)?.properties else { return .other }
        if properties.isWhitespace { return .whitespace }
        switch properties.generalCategory {
        case .uppercaseLetter, .titlecaseLetter: return .upperLetter
        case .lowercaseLetter: return .lowerLetter
        case .modifierLetter, .otherLetter: return .otherLetter
        case .nonspacingMark, .spacingMark, .enclosingMark: return .mark
        case .decimalNumber, .letterNumber, .otherNumber: return .number
        default: return .other
        }
    }
}
