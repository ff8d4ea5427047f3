#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Words kept once each, in the order first seen, in one buffer separated by spaces: the text
/// of a search document.
///
/// Why not a `Set<[UInt8]>`: every token then became an array (an allocation, reference
/// counting) and was hashed byte by byte; with it the search indexer took 14 % of the server's
/// CPU under full ingestion load, with this 8.5 % (perf; docs/PERFORMANCE.md, "Read side").
/// Here a word is looked up where it lies, hashed in one call with the standard library's
/// seeded `Hasher` (so crafted input cannot make lookups collide), and copied only when new.
struct DistinctWords {
    /// The words, separated by single spaces.
    private(set) var bytes: [UInt8] = []
    /// Where each word starts and ends in `bytes`, and its hash.
    private var starts: [Int] = []
    private var ends: [Int] = []
    private var hashes: [Int] = []
    /// An open-addressing table of word numbers (-1: empty), never more than half full.
    private var slots = [Int](repeating: -1, count: 64)

    var isEmpty: Bool { starts.isEmpty }

    mutating func insert(_ word: UnsafeBufferPointer<UInt8>) {
        let hash = Self.hash(word)
        var slot = hash & (slots.count - 1)
        while slots[slot] >= 0 {
            if hashes[slots[slot]] == hash, equals(slots[slot], word) { return }
            slot = (slot + 1) & (slots.count - 1)
        }
        if !bytes.isEmpty { bytes.append(UInt8(ascii: " ")) }
        starts.append(bytes.count)
        bytes.append(contentsOf: word)
        ends.append(bytes.count)
        hashes.append(hash)
        slots[slot] = starts.count - 1
        if starts.count * 2 > slots.count { grow() }
    }

    private func equals(_ number: Int, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[number]
        guard ends[number] - start == word.count else { return false }
        guard let wordBase = word.baseAddress else { return true }
        return bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, wordBase, word.count) == 0 }
    }

    private mutating func grow() {
        slots = [Int](repeating: -1, count: slots.count * 2)
        for (number, hash) in hashes.enumerated() {
            var slot = hash & (slots.count - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = number
        }
    }

    private static func hash(_ word: UnsafeBufferPointer<UInt8>) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(word))
        return hasher.finalize()
    }
}
