import Foundation
import Testing
@testable import LangfarmCore

@Suite struct JSONValueTests {
    @Test func jsonTextIsCompactSortedAndEscaped() {
        let value: JSONValue = .object([
            "b": .array([.number(1), .number(1.5), .bool(true), .null]),
            "a": .string("quote \" backslash \\ newline \n tab \t bell \u{07} ünïcode ✓"),
        ])
        #expect(value.jsonText == #"{"a":"quote \" backslash \\ newline \n tab \t bell \u0007 ünïcode ✓","b":[1,1.5,true,null]}"#)
    }

    @Test func jsonTextRoundTripsThroughTheParser() throws {
        let text = #"{"deep":{"list":[{"x":-0.25},"s",false,null,12345678901]},"empty":{},"none":[]}"#
        let value = try JSONValue.parse(Data(text.utf8))
        #expect(try JSONValue.parse(Data(value.jsonText.utf8)) == value)
        #expect(value.jsonText == text)
    }

    @Test func everyControlCharacterAndEscapeRunRoundTrips() throws {
        let controls = String(decoding: (0..<0x20).map { UInt8($0) }, as: UTF8.self)
        for text in [controls, "\"\"", "\\", "plain", "", "a\"b\\c\nd", "\n" + String(repeating: "x", count: 300) + "\u{1F}✓"] {
            let value = JSONValue.string(text)
            #expect(try JSONValue.parse(Data(value.jsonText.utf8)) == value, "\(text.debugDescription)")
        }
    }

    @Test func truthinessFollowsJavaScript() {
        #expect(!JSONValue.null.isTruthy)
        #expect(!JSONValue.string("").isTruthy)
        #expect(!JSONValue.number(0).isTruthy)
        #expect(!JSONValue.bool(false).isTruthy)
        #expect(JSONValue.object([:]).isTruthy)
        #expect(JSONValue.array([]).isTruthy)
        #expect(JSONValue.string("0").isTruthy)
    }
}
