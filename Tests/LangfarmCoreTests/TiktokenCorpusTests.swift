import Foundation
import Testing
@testable import LangfarmCore

/// Langfarm's encoder against OpenAI's tiktoken, token for token, on the few thousand texts of
/// Fixtures/tiktoken-corpus.json (prose, code, JSON, numbers, whitespace runs, contractions, mixed
/// case, many scripts, emoji, marks, special tokens). scripts/generate-tokenizer-fixtures made
/// them and ran tiktoken over them; each text carries tiktoken's token count and an FNV-1a hash
/// of its token ids per encoding.
@Suite struct TiktokenCorpusTests {
    struct Expectation {
        let text: String
        let tokens: Int
        let hash: UInt64
    }

    static func corpus(encoding: String) throws -> [Expectation] {
        let url = try #require(Bundle.module.url(forResource: "tiktoken-corpus", withExtension: "json", subdirectory: "Fixtures"))
        let fixture = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let columns = try #require(fixture["columns"] as? [String])
        let tokensColumn = try #require(columns.firstIndex(of: "\(encoding) tokens"))
        let hashColumn = try #require(columns.firstIndex(of: "\(encoding) FNV-1a"))
        return try #require(fixture["texts"] as? [[Any]]).map { row in
            let hash = try #require(row[hashColumn] as? String)
            return Expectation(
                text: try #require(row[0] as? String),
                tokens: try #require(row[tokensColumn] as? Int),
                hash: try #require(UInt64(hash, radix: 16)))
        }
    }

    /// FNV-1a over each id as four little-endian bytes, as the fixture script hashes them.
    static func hash(_ ids: [Int]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for id in ids {
            for shift in stride(from: 0, to: 32, by: 8) { hash = (hash ^ UInt64((id >> shift) & 0xFF)) &* 0x0000_0100_0000_01B3 }
        }
        return hash
    }

    @Test(arguments: ["cl100k_base", "o200k_base"])
    func encodesLikeTiktoken(encoding: String) throws {
        let encoder = try #require(encoding == "cl100k_base" ? Cl100kBase.encoder : O200kBase.encoder)
        let corpus = try Self.corpus(encoding: encoding)
        #expect(corpus.count > 3_000)
        var mismatches: [String] = []
        for (index, expected) in corpus.enumerated() {
            let ids = encoder.encode(expected.text)
            if ids.count != expected.tokens || Self.hash(ids) != expected.hash || encoder.count(expected.text) != ids.count {
                mismatches.append("#\(index) \(expected.text.debugDescription): \(ids.count) tokens \(ids), tiktoken \(expected.tokens)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(corpus.count) differ:\n\(mismatches.prefix(10).joined(separator: "\n"))")
    }
}
