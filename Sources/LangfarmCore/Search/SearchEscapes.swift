/// Decodes the backslash escapes of JSON string syntax found inside text.
///
/// Clients often JSON-encode a value before sending it (a tool call's arguments, a message
/// serialised by Python's `json.dumps`, whose `ensure_ascii` turns every non-ASCII character
/// into `\uXXXX`). The value then arrives as a string holding escapes: `"\u4f60\u597d"` is
/// `你好` to the person who reads the trace, and must be found by a search for `你好`. Langfuse
/// misses such text (its issue #11538); decoding the escapes before tokenising finds it.
///
/// Decoding is lenient: a backslash that starts no valid escape stays as it is, and so does
/// a `\u` escape of a lone surrogate. One pass only: `\\u0041` becomes the text `\u0041`.
enum SearchEscapes {
    /// The decoded bytes, or nil when `text` has no backslash (it is then its own decoding).
    static func decoded(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard let first = text.firstIndex(of: backslash) else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        output.append(contentsOf: UnsafeBufferPointer(rebasing: text[..<first]))
        var index = first
        while index < text.count {
            let byte = text[index]
            guard byte == backslash, index + 1 < text.count else {
                output.append(byte)
                index += 1
                continue
            }
            if let simple = simpleEscape(text[index + 1]) {
                output.append(simple)
                index += 2
            } else if let (scalar, length) = unicodeEscape(text, at: index) {
                output.append(contentsOf: String(Character(scalar)).utf8)
                index += length
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    private static let backslash = UInt8(ascii: "\\")

    private static func simpleEscape(_ letter: UInt8) -> UInt8? {
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): letter
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "t"): 0x09
        default: nil
        }
    }

    /// A `\uXXXX` escape at `index` (a surrogate pair as two escapes), with its length in bytes.
    private static func unicodeEscape(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int)? {
        guard let high = hex4(text, at: index) else { return nil }
        if (0xDC00...0xDFFF).contains(high) { return nil }
        guard (0xD800...0xDBFF).contains(high) else { return Unicode.Scalar(high).map { ($0, 6) } }
        guard let low = hex4(text, at: index + 6), (0xDC00...0xDFFF).contains(low) else { return nil }
        return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)).map { ($0, 12) }
    }

    /// The value of `\uXXXX` at `index`, or nil when there is none.
    private static func hex4(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt32? {
        guard index + 6 <= text.count, text[index] == backslash, text[index + 1] == UInt8(ascii: "u") else { return nil }
        var value: UInt32 = 0
        for byte in text[(index + 2)..<(index + 6)] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
