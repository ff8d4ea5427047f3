/// Scripts written without spaces between words, whose every character is a search token.
///
/// A sentence of Chinese, Japanese or Thai is one unbroken run of letters: cut at spaces and
/// punctuation it is a single "word", so no word inside it could ever be found (Langfuse's
/// tokens have this problem). Making each character a token lets a search for `東京` find
/// `東京タワーに行く`: the query's characters must each be tokens of the text, and the query
/// must occur in it as a whole. Hangul is written with spaces, but particles attach to words
/// (`서울에서`, "in Seoul"), so it is treated the same way to find `서울` there.
enum UnspacedScripts {
    static func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        // Most text is below the first range: one comparison decides.
        guard value >= 0x0E00 else { return false }
        return ranges.contains { $0.contains(value) }
    }

    private static let ranges: [ClosedRange<UInt32>] = [
        0x0E00...0x0E7F,   // Thai
        0x0E80...0x0EFF,   // Lao
        0x1000...0x109F,   // Myanmar
        0x1100...0x11FF,   // Hangul Jamo
        0x1780...0x17FF,   // Khmer
        0x1950...0x19DF,   // Tai Le, New Tai Lue
        0x19E0...0x19FF,   // Khmer Symbols
        0x1A20...0x1AAF,   // Tai Tham
        0x1B00...0x1B7F,   // Balinese
        0x3005...0x3007,   // Ideographic iteration mark, closing mark, number zero
        0x3021...0x3029,   // Hangzhou numerals
        0x3031...0x3035,   // Kana repeat marks
        0x303B...0x303C,   // Vertical ideographic iteration mark, masu mark
        0x3040...0x30FF,   // Hiragana, Katakana
        0x3100...0x312F,   // Bopomofo
        0x3130...0x318F,   // Hangul Compatibility Jamo
        0x31A0...0x31BF,   // Bopomofo Extended
        0x31F0...0x31FF,   // Katakana Phonetic Extensions
        0x3400...0x4DBF,   // CJK Unified Ideographs Extension A
        0x4E00...0x9FFF,   // CJK Unified Ideographs
        0xA000...0xA4CF,   // Yi
        0xA960...0xA97F,   // Hangul Jamo Extended-A
        0xA980...0xA9DF,   // Javanese
        0xA9E0...0xA9FF,   // Myanmar Extended-B
        0xAA60...0xAA7F,   // Myanmar Extended-A
        0xAA80...0xAADF,   // Tai Viet
        0xAC00...0xD7AF,   // Hangul Syllables
        0xD7B0...0xD7FF,   // Hangul Jamo Extended-B
        0xF900...0xFAFF,   // CJK Compatibility Ideographs
        0xFF66...0xFFDC,   // Halfwidth Katakana and Hangul
        0x1B000...0x1B16F, // Kana Supplement, Extended-A, Small Kana Extension
        0x20000...0x323AF, // CJK Unified Ideographs Extensions B to I, Compatibility Supplement
    ]
}
