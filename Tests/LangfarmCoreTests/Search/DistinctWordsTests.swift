import TestSupport
import Testing
@testable import LangfarmCore

@Suite struct DistinctWordsTests {
    /// Against the obvious implementation (an ordered list filtered through a `Set`), over
    /// enough words to make the table grow several times, with repeats and words that are
    /// prefixes of each other.
    @Test func keepsEachWordOnceInFirstSeenOrder() {
        var generator = SplitMix64(seed: 7)
        var words = DistinctWords()
        var expected: [String] = []
        var seen: Set<String> = []
        for _ in 0..<5_000 {
            let word = String(repeating: "ab", count: Int(generator.next() % 3)) + String(generator.next() % 700)
            var bytes = Array(word.utf8)
            bytes.withUnsafeMutableBufferPointer { words.insert(UnsafeBufferPointer($0)) }
            if seen.insert(word).inserted { expected.append(word) }
        }
        #expect(expected.count > 1_000)
        #expect(String(decoding: words.bytes, as: UTF8.self) == expected.joined(separator: " "))
        #expect(!words.isEmpty)
    }

    @Test func startsEmpty() {
        let words = DistinctWords()
        #expect(words.isEmpty && words.bytes.isEmpty)
    }
}
