import Testing
@testable import LangfarmCore

@Suite struct JSONParserTests {
    func parse(_ text: String) throws(JSONParser.ParseError) -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    @Test func parsesEveryKindOfValue() throws {
        let value = try parse(#" {"s":"a\"b\\c\/d\n\u00e9\ud83d\ude00","n":[0,-1,2.5,1e3,-2.5E-2],"t":true,"f":false,"z":null,"o":{},"a":[]} "#)
        #expect(value == .object([
            "s": .string("a\"b\\c/d\né😀"),
            "n": .array([.number(0), .number(-1), .number(2.5), .number(1000), .number(-0.025)]),
            "t": .bool(true), "f": .bool(false), "z": .null, "o": .object([:]), "a": .array([]),
        ]))
    }

    @Test(arguments: [
        ("", "unexpected end of input"),
        ("{", "expected a string key"),
        (#"{"a" 1}"#, "expected ':'"),
        (#"{"a":1,}"#, "expected a string key"),
        ("[1,]", "unexpected character ']'"),
        ("[1 2]", "expected ',' or ']'"),
        ("01", "unexpected data after the JSON value"),
        ("1.", "no digits after '.'"),
        ("1e", "no digits in the exponent"),
        ("-", "invalid number"),
        ("1e999", "number out of range"),
        ("tru", "unexpected end of input"),
        ("nul!", "invalid literal"),
        (#""abc"#, "unterminated string"),
        ("\"a\u{01}b\"", "unescaped control character"),
        (#""\x""#, "invalid escape"),
        (#""\u12G4""#, #"invalid \u escape"#),
        (#""\ud800""#, "unpaired surrogate"),
        (#""\udc00""#, "unpaired surrogate"),
        ("{} {}", "unexpected data after the JSON value"),
        ("'single'", "unexpected character"),
    ] as [(String, String)])
    func rejectsInvalidDocuments(text: String, reason: String) {
        #expect {
            _ = try parse(text)
        } throws: { error in
            (error as? JSONParser.ParseError)?.reason.contains(reason) == true
        }
    }

    @Test func rejectsInvalidUTF8() {
        let bytes: [UInt8] = [UInt8(ascii: "\""), 0xC3, 0x28, UInt8(ascii: "\"")]
        #expect(throws: JSONParser.ParseError.self) { try JSONParser.parse(bytes) }
        let escaped: [UInt8] = Array(#""\n"#.utf8) + [0xFF] + [UInt8(ascii: "\"")]
        #expect(throws: JSONParser.ParseError.self) { try JSONParser.parse(escaped) }
    }

    @Test func limitsNestingDepthInsteadOfOverflowingTheStack() throws {
        let allowed = String(repeating: "[", count: JSONParser.maxDepth) + String(repeating: "]", count: JSONParser.maxDepth)
        _ = try parse(allowed)
        let tooDeep = String(repeating: "[", count: 1_000_000)
        #expect {
            _ = try parse(tooDeep)
        } throws: { error in
            (error as? JSONParser.ParseError)?.reason == "nesting deeper than 512 levels"
        }
        let deepObjects = String(repeating: #"{"a":"#, count: 600) + "1" + String(repeating: "}", count: 600)
        #expect(throws: JSONParser.ParseError.self) { try parse(deepObjects) }
    }
}
