import Foundation
import Testing
@testable import LangfarmCore

/// o200k_base (gpt-4o) on its own and through `TokenCounter`. Expected ids from tiktoken 0.14 with
/// the o200k_base ranks and pattern (tiktoken_ext/openai_public.py), encode(text,
/// allowed_special="all"); TiktokenCorpusTests compares a few thousand texts more.
@Suite struct O200kBaseTests {
    static let gpt4o = TokenizerSpec(tokenizerId: "openai", tokenizerModel: "gpt-4o", tokensPerMessage: 3, tokensPerName: 1)

    @Test(arguments: [
        ("Hello, world!", [13225, 11, 2375, 0]),
        // Words split where lower case turns to upper, unlike cl100k_base.
        ("HelloWorld parseJSONValue XMLHttpRequest iPhone", [13225, 13046, 8420, 8259, 1638, 100_497, 2303, 575, 7081]),
        // Contractions stay on their word, in any case.
        ("I'm sure they'll say WE'RE done, you've seen it, DON'T", [15390, 3239, 57956, 2891, 26919, 6, 1099, 4167, 11, 19014, 6177, 480, 11, 153_384]),
        ("Order #1234567 costs $1,299.99", [4861, 1069, 7633, 19354, 22, 8959, 548, 16, 11, 25431, 13, 2058]),
        ("我爱北京天安门。東京は日本の首都です。", [7522, 6414, 19340, 867, 7837, 10759, 788, 108_713, 5205, 9048, 3385, 15425, 12232, 15121, 788]),
        ("e\u{301} n\u{303} a\u{308}\u{323}", [68, 13430, 297, 52279, 261, 47565, 23396]),
        ("a   b\t\tc    \u{3000} d  \u{A0} e      ", [64, 256, 287, 197, 2736, 257, 1397, 272, 256, 5310, 319, 1699]),
        ("line1\r\nline2\n\n\nline3\n   \n\tindented\n", [1137, 16, 370, 1137, 17, 2499, 1137, 18, 132_652, 197, 521, 23537, 198]),
        ("path/to/file.txt //comment\n/", [4189, 72231, 51766, 7186, 602, 12606, 198, 14]),
        // Symbols take line breaks and slashes after them: " }\n/", " */\n", "//\n", ":\r\n//".
        ("x; }\n/* comment */\n//\n/ok", [87, 26, 61192, 9, 5375, 1135, 22704, 14, 525]),
        (":\r\n//a", [167_777, 64]),
        // Special tokens count as one token each, as Langfuse encodes with allowed_special "all".
        ("Hello<|endoftext|> world<|endofprompt|>x", [13225, 199_999, 2375, 200_018, 87]),
        ("", []),
    ])
    func producesTiktokensIds(text: String, expected: [Int]) throws {
        let encoder = try #require(O200kBase.encoder)
        #expect(encoder.encode(text) == expected)
        #expect(encoder.count(text) == expected.count)
    }

    @Test func rankTableIsComplete() throws {
        let ranks = try #require(RankTable(tiktokenRanks: O200kBase.ranksText))
        #expect(ranks.count == 199_998)
        #expect(Array("!".utf8).withUnsafeBufferPointer { ranks.rank(of: $0) } == 0)
    }

    /// gpt-4o is one of Langfuse's chat models: 3·3 + (1+6) + (1+1+1+6) + (1+1) + 1 + 3 = 30
    /// with tiktoken's o200k_base counts (system 1, the prompt 6, user 1, alice 1, What's 2+2? 6,
    /// assistant 1, 4 1, and tokensPerName 1 for alice).
    @Test(arguments: ["gpt-4o", "gpt-4o-2024-05-13"])
    func gpt4oCountsMessagesLikeLangfuse(model: String) throws {
        let messages = try JSONValue.parse(Data("""
            [{"role":"system","content":"You are a helpful assistant."},
             {"role":"user","name":"alice","content":"What's 2+2?"},
             {"role":"assistant","content":"4"}]
            """.utf8))
        let spec = TokenizerSpec(tokenizerId: "openai", tokenizerModel: model, tokensPerMessage: 3, tokensPerName: 1)
        let usage = try #require(TokenCounter.usage(input: messages, output: .string("The answer is 4."), tokenizer: spec))
        #expect(usage.details == ["input": 30, "output": 6, "total": 36])
        // Without the chat config Langfuse's check fails and nothing is counted.
        #expect(TokenCounter.usage(input: messages, output: nil, tokenizer: TokenizerSpec(tokenizerId: "openai", tokenizerModel: model)) == nil)
        // Plain text needs no chat config.
        #expect(TokenCounter.usage(input: .string("hello world"), output: nil, tokenizer: TokenizerSpec(tokenizerId: "openai", tokenizerModel: model))?.input == 2)
    }

    /// Pieces that a backtracking regex or a naive merge loop takes long over: each returns. 1 MB
    /// of spaces is one piece of 7,813 tokens in tiktoken 0.14 (its regex runs out of stack on the
    /// whole text, so that count is of the piece alone).
    @Test func hostileInputReturns() throws {
        let encoder = try #require(O200kBase.encoder)
        #expect(encoder.count(String(repeating: " ", count: 1_000_000)) == 7_813)
        // tiktoken: 1,250, 10,000 and 5,000 tokens.
        #expect(encoder.count(String(repeating: "A", count: 10_000)) == 1_250)
        #expect(encoder.count(String(repeating: "\u{301}", count: 10_000)) == 10_000)
        #expect(encoder.count(String(repeating: "Ab", count: 5_000)) == 5_000)
        let unit = "AbC 😀中\u{301}\n\t  <|endoftext|>!!1234 'S ǅx/\r\n"
        let mixed = String(repeating: unit, count: 2_000_000 / unit.utf8.count + 1)
        #expect(TokenCounter.usage(input: .string(mixed), output: nil, tokenizer: Self.gpt4o).map { ($0.input ?? 0) > 0 } == true)
    }
}
