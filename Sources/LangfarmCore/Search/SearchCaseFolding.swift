/// Unicode lower-casing of UTF-8 text, for case-insensitive search.
///
/// Each character is mapped on its own (Unicode's full lowercase mapping, as
/// `String.lowercased()` does), so folding a text and then cutting it into tokens gives the
/// same tokens as folding each token: documents and queries are folded alike.
enum SearchCaseFolding {
    /// The folded bytes, or nil when folding changes nothing.
    static func folded(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var firstChange: Int?
        for (index, byte) in text.enumerated() {
            if byte >= 0x80 { return unicodeFolded(text) }
            if firstChange == nil, isUppercaseASCII(byte) { firstChange = index }
        }
        guard let firstChange else { return nil }
        var output = Array(text)
        for index in firstChange..<output.count where isUppercaseASCII(output[index]) {
            output[index] |= 0x20
        }
        return output
    }

    private static func isUppercaseASCII(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func unicodeFolded(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let original = String(decoding: text, as: UTF8.self)
        let lowered = original.lowercased()
        // Byte comparison: String equality would equate canonically equivalent forms.
        return lowered.utf8.elementsEqual(text) ? nil : Array(lowered.utf8)
    }
}
