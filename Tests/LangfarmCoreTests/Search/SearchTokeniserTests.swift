import Testing
@testable import LangfarmCore

@Suite struct SearchTokeniserTests {
    func tokens(_ text: String) -> [String] {
        var text = text
        return text.withUTF8 { buffer in
            var tokens: [String] = []
            SearchTokeniser.forEachToken(in: buffer) { range in
                tokens.append(String(decoding: buffer[range], as: UTF8.self))
                return true
            }
            return tokens
        }
    }

    func decoded(_ text: String) -> String {
        var text = text
        return text.withUTF8 { SearchEscapes.decoded($0).map { String(decoding: $0, as: UTF8.self) } ?? String(decoding: $0, as: UTF8.self) }
    }

    @Test func wordsAreRunsOfLettersAndDigits() {
        #expect(tokens("needle@gmail.com") == ["needle", "gmail", "com"])
        #expect(tokens("  GPT-4o, v2.5!  ") == ["GPT", "4o", "v2", "5"])
        #expect(tokens("snake_case") == ["snake", "case"])
        #expect(tokens("") == [])
        #expect(tokens("!!! … 🎉") == [])
    }

    @Test func unspacedScriptsGiveOneTokenPerCharacter() {
        #expect(tokens("iPhone的价格") == ["iPhone", "的", "价", "格"])
        #expect(tokens("東京タワー") == ["東", "京", "タ", "ワ", "ー"])
        // Thai vowel signs are combining marks: they stay with their consonant.
        #expect(tokens("สวัสดี") == ["ส", "วั", "ส", "ดี"])
        #expect(tokens("서울abc") == ["서", "울", "abc"])
    }

    @Test func combiningMarksStayInTheirWord() {
        #expect(tokens("cafe\u{301} au lait") == ["cafe\u{301}", "au", "lait"])
        #expect(tokens("हिन्दी में") == ["हिन्दी", "में"])
        #expect(tokens("\u{301}abc") == ["abc"])
    }

    @Test func otherScriptsAreWords() {
        #expect(tokens("Привет, мир") == ["Привет", "мир"])
        #expect(tokens("مرحبا بالعالم") == ["مرحبا", "بالعالم"])
        #expect(tokens("Ünïcödé ½") == ["Ünïcödé", "½"])
    }

    @Test func escapesAreDecodedLeniently() {
        #expect(decoded(#"\u4f60\u597d"#) == "你好")
        #expect(decoded(#"a\nb\tc\"d\\e\/f"#) == "a\nb\tc\"d\\e/f")
        #expect(decoded(#"\ud83d\ude00"#) == "😀")
        #expect(decoded(#"lone \ud83d here"#) == #"lone \ud83d here"#)
        #expect(decoded(#"\x \u12 \"#) == #"\x \u12 \"#)
        #expect(decoded(#"\\u0041"#) == #"\u0041"#)
        #expect(decoded("plain") == "plain")
    }

    @Test func longTokensAreIndexedByTheirStart() {
        let token = String(repeating: "é", count: 40)
        var bytes = Array(token.utf8)
        let term = bytes.withUnsafeMutableBufferPointer { String(decoding: SearchIndexTerms.term(UnsafeBufferPointer($0)), as: UTF8.self) }
        #expect(term == String(repeating: "é", count: 32))
        #expect(SearchQuery(token).indexTerms == [term])
    }
}
