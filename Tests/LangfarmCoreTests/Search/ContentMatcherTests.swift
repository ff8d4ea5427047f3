import Testing
@testable import LangfarmCore

/// Langfuse's `matches` semantics (its observations API v2 tests), and what Langfarm adds:
/// unspaced scripts, escaped text, keys that are not text.
@Suite struct ContentMatcherTests {
    /// Whether a field holding `value` (stored as its JSON text) matches `query`, case-insensitively.
    func field(_ value: JSONValue, matches query: String) -> Bool {
        ContentMatcher.matches(storedJSON: value.jsonText, SearchQuery(query), caseSensitive: false)
    }

    func metadata(_ object: [String: JSONValue], key: String = "source", matches query: String) -> Bool {
        ContentMatcher.matches(storedMetadata: JSONValue.object(object).jsonText, key: key, SearchQuery(query), caseSensitive: true)
    }

    @Test func aWordMatchesWholeTokensInAnyCase() {
        #expect(field("Needle in mixed case", matches: "needle"))
        #expect(field("needle@gmail.com", matches: "needle"))
        #expect(!field("foobarneedle cadabra", matches: "needle"))
        #expect(field("foobarneedle and a needle", matches: "needle"))
        #expect(field("NEEDLE", matches: "nEeDlE"))
    }

    @Test func severalWordsMatchAsAPhraseOfWholeTokens() {
        #expect(field("prefix alpha beta suffix", matches: "alpha beta"))
        #expect(!field("prefix beta alpha suffix", matches: "alpha beta"))
        #expect(!field("prefix alpha gap beta suffix", matches: "alpha beta"))
        #expect(!field("xalpha beta", matches: "alpha beta"))
        #expect(field("send an e-mail now", matches: "e-mail"))
        #expect(!field("send an email now", matches: "e-mail"))
    }

    @Test func metadataMatchesTheKeysValueCaseSensitively() {
        #expect(metadata(["source": "needle API"], matches: "needle"))
        #expect(!metadata(["source": "Needle API"], matches: "needle"))
        #expect(!metadata(["other": "needle API"], matches: "needle"))
        #expect(metadata(["source": "alpha beta"], matches: "alpha beta"))
        #expect(!metadata(["source": "beta alpha"], matches: "alpha beta"))
        #expect(!metadata(["source": "alpha gap beta"], matches: "alpha beta"))
        #expect(!metadata(["source": "alpha", "other": "beta"], matches: "alpha beta"))
        #expect(!metadata(["source": "unrelated", "other": "alpha beta"], matches: "alpha beta"))
        #expect(metadata(["source": "Привет"], matches: "Привет"))
        #expect(!metadata(["source": "Привет"], matches: "привет"))
    }

    @Test func metadataValuesMayBeNumbersOrNested() {
        #expect(metadata(["source": 42], matches: "42"))
        #expect(metadata(["source": ["inner": ["deep needle"]]], matches: "needle"))
        #expect(!metadata(["source": ["needle": "x"]], matches: "needle"))
        #expect(metadata([#"so"urce"#: "needle"], key: #"so"urce"#, matches: "needle"))
        #expect(!metadata(["source": .null], matches: "null"))
    }

    @Test func keysAreNotText() {
        #expect(!field(["needle": "haystack"], matches: "needle"))
        #expect(field(["messages": [["role": "user", "content": "Where is the needle?"]]], matches: "needle"))
        #expect(field(["count": 42, "ok": true], matches: "42"))
        #expect(field(["count": 42, "ok": true], matches: "true"))
        #expect(!field(["missing": .null], matches: "null"))
    }

    @Test func aPhraseMustLieInOneValueButTokensMayComeFromAny() {
        #expect(!field(["a": "alpha", "b": "beta"], matches: "alpha beta"))
        #expect(field(["a": "foobarneedle", "b": "needle"], matches: "needle"))
    }

    @Test func escapedTextIsFoundAsItsCharacters() {
        // A client JSON-encoded the text itself (Python's json.dumps): the stored string holds
        // the escapes as text.
        #expect(field(#"{"q": "\u4f60\u597d, world"}"#, matches: "你好"))
        #expect(field(#"line1\nline2"#, matches: "line2"))
        #expect(field(#"smile \ud83d\ude00 needle"#, matches: "needle"))
        #expect(field(#"{"q": "\u00e9t\u00e9"}"#, matches: "été"))
        #expect(field(#"C:\\Temp\\needle.txt"#, matches: "needle"))
        // A query may be pasted with escapes too.
        #expect(field("你好", matches: #"\u4f60"#))
        #expect(!field(#"\u4f60\u597d"#, matches: "u4f60"))
    }

    @Test func unspacedScriptsAreSearchedByCharacter() {
        #expect(field("東京タワーに行く", matches: "東京"))
        #expect(field("東京タワーに行く", matches: "タワー"))
        #expect(!field("東京タワーに行く", matches: "京東"))
        #expect(field("iPhone的价格很贵", matches: "iphone"))
        #expect(field("iPhone的价格很贵", matches: "价格"))
        #expect(!field("iPhone的价格很贵", matches: "格价"))
        #expect(field("สวัสดีครับ", matches: "สวัสดี"))
        #expect(field("สวัสดีครับ", matches: "ครับ"))
        #expect(field("서울에서 만나요", matches: "서울"))
    }

    @Test func otherScriptsFoldCase() {
        #expect(field("Привет, МИР", matches: "мир"))
        #expect(field("Привет, МИР", matches: "ПРИВЕТ"))
        #expect(!field("Привет, МИР", matches: "привет мир"))
        #expect(field("Ελληνικά ΚΕΙΜΕΝΑ", matches: "κειμενα"))
        #expect(field("हिन्दी में खोज", matches: "हिन्दी"))
        #expect(!field("café", matches: "cafe"))
    }

    @Test func emojiAndPunctuationSeparateWords() {
        #expect(field("I ❤️needles🎉", matches: "needles"))
        #expect(field("I ❤️ needles", matches: "❤️ needles"))
        #expect(field("«needle»…", matches: "needle"))
        #expect(field("snake_case_needle", matches: "needle"))
    }

    @Test func veryLongTextIsSearchedToTheEnd() {
        let long = String(repeating: "lorem ipsum dolor sit amet ", count: 40_000) + "needle"
        #expect(field(.string(long), matches: "needle"))
        #expect(!field(.string(long), matches: "haystack"))
        let longToken = String(repeating: "x", count: 300) + "y"
        #expect(field(.string("blob \(longToken) end"), matches: longToken))
        #expect(!field(.string("blob \(longToken)z end"), matches: longToken))
    }

    @Test func aQueryWithoutLettersIsASubstringSearch() {
        #expect(field("ok 🎉 done", matches: "🎉"))
        #expect(!field("ok done", matches: "🎉"))
    }
}
