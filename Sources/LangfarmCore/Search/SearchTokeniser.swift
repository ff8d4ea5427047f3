/// Cuts text into search tokens: runs of letters and digits (with the combining marks that
/// follow them), except that each character of a script written without spaces is a token of
/// its own (`UnspacedScripts`). Everything else (spaces, punctuation, symbols, emoji)
/// separates tokens. So `needle@gmail.com` has the tokens `needle`, `gmail` and `com`, and
/// `iPhone的价格` has `iPhone`, `的`, `价` and `格`.
///
/// Tokens are byte ranges of UTF-8 text: they are compared byte for byte, never by canonical
/// equivalence, exactly as the full-text index compares them.
enum SearchTokeniser {
    /// Calls `body` with the byte range of each token, in order, until it returns false.
    static func forEachToken(in text: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Bool) {
        var tokenStart: Int?
        var tokenIsOneCharacter = false
        var index = 0
        while index < text.count {
            let (scalar, length) = decodeScalar(text, at: index)
            switch kind(of: scalar) {
            case .word:
                if let start = tokenStart, tokenIsOneCharacter {
                    guard body(start..<index) else { return }
                    tokenStart = index
                } else if tokenStart == nil {
                    tokenStart = index
                }
                tokenIsOneCharacter = false
            case .character:
                if let start = tokenStart { guard body(start..<index) else { return } }
                tokenStart = index
                tokenIsOneCharacter = true
            case .mark:
                break
            case .separator:
                if let start = tokenStart { guard body(start..<index) else { return } }
                tokenStart = nil
            }
            index += length
        }
        if let start = tokenStart { _ = body(start..<text.count) }
    }

    /// What a character is to the tokeniser.
    enum Kind {
        /// A letter or digit that continues a word.
        case word
        /// A letter of an unspaced script: a token by itself (with the marks that follow it).
        case character
        /// A combining mark: part of the token before it, or a separator when none is open.
        case mark
        case separator
    }

    static func kind(of scalar: Unicode.Scalar) -> Kind {
        if scalar.isASCII {
            switch UInt8(scalar.value) {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                return .word
            default:
                return .separator
            }
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return UnspacedScripts.contains(scalar) ? .character : .word
        case .nonspacingMark, .spacingMark, .enclosingMark:
            // A mark only continues an open token, so a token always starts with a letter or digit.
            return .mark
        default:
            return .separator
        }
    }

    /// The scalar starting at `index` of valid UTF-8, and its length in bytes.
    @inline(__always)
    static func decodeScalar(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = text[index]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        guard index + length <= text.count else { return (Unicode.Scalar(0xFFFD)!, 1) }
        var value = UInt32(lead) & (0xFF >> (length + 1))
        for offset in 1..<length {
            value = value << 6 | UInt32(text[index + offset] & 0x3F)
        }
        return (Unicode.Scalar(value) ?? Unicode.Scalar(0xFFFD)!, length)
    }
}
