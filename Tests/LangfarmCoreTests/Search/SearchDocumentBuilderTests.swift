import TestSupport
import Testing
@testable import LangfarmCore

@Suite struct SearchDocumentBuilderTests {
    func document(_ values: [JSONValue]) -> String {
        var builder = SearchDocumentBuilder()
        for value in values { builder.add(storedJSON: value.jsonText) }
        return builder.text
    }

    @Test func keepsEachFoldedWordOnceWithoutKeys() {
        let text = document([
            ["messages": [["role": "user", "content": "Hello World"]]],
            "hello again, WORLD",
            ["count": 42, "ok": true, "none": .null],
        ])
        #expect(text == "hello world user again 42 true", "keys sort: content comes before role")
    }

    @Test func decodesEscapesAndCutsUnspacedScripts() {
        #expect(document([#"{"q": "\u4f60\u597d"}"#, "東京 Tokyo"]) == "q 你 好 東 京 tokyo")
        #expect(document([.null, [:], []]) == "")
    }

    /// The index may only narrow a search down: whenever a field matches a query, the field's
    /// document holds every index term of the query. Checked on generated fields and queries
    /// mixing scripts, marks, escapes, case and punctuation.
    @Test func everyMatchingFieldsDocumentHoldsTheQuerysTerms() {
        let pieces = [
            "needle", "Needle", "NEEDLE", "alpha", "beta", " ", " ", ", ", "@", "-", "東", "京", "タワー", "สวัสดี",
            "Привет", "привет", "cafe\u{301}", "café", #"\u4f60"#, "你", #"\n"#, "\\", "😀", "İ", "ß", "42",
            String(repeating: "x", count: 70),
        ]
        var generator = SplitMix64(seed: 13)
        var checked = 0
        for _ in 0..<3_000 {
            let value = (0..<Int.random(in: 1...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let field: JSONValue = ["text": .string(value)]
            var builder = SearchDocumentBuilder()
            builder.add(storedJSON: field.jsonText)
            let words = Set(builder.text.split(separator: " ").map(String.init))
            for _ in 0..<4 {
                let start = value.index(value.startIndex, offsetBy: Int.random(in: 0..<value.count, using: &generator))
                let end = value.index(start, offsetBy: Int.random(in: 0...min(12, value.distance(from: start, to: value.endIndex))), limitedBy: value.endIndex) ?? value.endIndex
                let query = SearchQuery(String(value[start..<end]))
                guard query.hasTokens, ContentMatcher.matches(storedJSON: field.jsonText, query, caseSensitive: false) else { continue }
                checked += 1
                #expect(Set(query.indexTerms).isSubset(of: words), "\(value) / \(query.text)")
            }
        }
        #expect(checked > 1_000)
    }
}
