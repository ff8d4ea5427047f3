import Foundation

/// A tiktoken-compatible byte-pair encoder: special tokens are cut out first, the text between
/// them is split into pieces by the encoding's pre-tokeniser, and each piece is merged from single
/// bytes up, always merging the adjacent pair with the lowest rank (leftmost on a tie), as
/// tiktoken does. The result is the same token sequence tiktoken produces.
///
/// Merging by rescanning the piece after every merge, as the tiktoken inside Langfuse does, is
/// quadratic in the piece's length, and a megabyte of spaces is one piece. Merging through a
/// heap (as current tiktoken does for pieces of 400 bytes and more) keeps that O(n log n), so
/// hostile input costs time in proportion to its size.
struct BytePairEncoder: Sendable {
    /// Calls its second argument with the byte range of each piece of a UTF-8 text, in order;
    /// together the ranges cover the text.
    typealias Splitter = @Sendable (UnsafeBufferPointer<UInt8>, (Range<Int>) -> Void) -> Void

    private let ranks: RankTable
    private let specialTokens: [(bytes: [UInt8], id: Int)]
    private let split: Splitter

    init(ranks: RankTable, specialTokens: [String: Int], split: @escaping Splitter) {
        self.ranks = ranks
        self.specialTokens = specialTokens.map { (Array($0.key.utf8), $0.value) }
        self.split = split
    }

    /// How many tokens `text` encodes to.
    func count(_ text: String) -> Int {
        var count = 0
        forEachToken(in: text) { _ in count += 1 }
        return count
    }

    /// The token ids of `text`. Special tokens appearing in the text encode as their ids, as
    /// tiktoken's `encode(text, allowed_special="all")` does.
    func encode(_ text: String) -> [Int] {
        var ids: [Int] = []
        forEachToken(in: text) { ids.append($0) }
        return ids
    }

    private func forEachToken(in text: String, _ body: (Int) -> Void) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                let special = nextSpecialToken(in: bytes, from: start)
                let end = special?.range.lowerBound ?? bytes.count
                // Like tiktoken, the pre-tokeniser sees the text between special tokens on its own.
                let ordinary = UnsafeBufferPointer(rebasing: bytes[start..<end])
                split(ordinary) { range in encodePiece(UnsafeBufferPointer(rebasing: ordinary[range]), body) }
                guard let special else { return }
                body(special.id)
                start = special.range.upperBound
            }
        }
    }

    /// The leftmost special token at or after `start`.
    private func nextSpecialToken(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (range: Range<Int>, id: Int)? {
        guard !specialTokens.isEmpty else { return nil }
        for position in start..<bytes.count {
            for token in specialTokens where bytes[position] == token.bytes[0] && position + token.bytes.count <= bytes.count {
                let range = position..<(position + token.bytes.count)
                if bytes[range].elementsEqual(token.bytes) { return (range, token.id) }
            }
        }
        return nil
    }

    private func encodePiece(_ piece: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Void) {
        guard !piece.isEmpty else { return }
        // A piece that is itself a token is that token, without merging (tiktoken does the same).
        if let rank = ranks.rank(of: piece) {
            body(rank)
            return
        }
        // Stack memory for short pieces, heap memory for long ones.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * piece.count) { parts in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 3 * piece.count) { heap in
                var merger = PairMerger(piece: piece, ranks: ranks, parts: parts, heap: heap)
                merger.mergeAll()
                merger.forEachToken(body)
            }
        }
    }
}

/// The merge loop over one piece of n bytes. Parts are kept in a linked list indexed by their
/// first byte (a part only ever absorbs its right neighbour, so its index never changes), and
/// candidate pairs in a min-heap keyed by (rank, position), which is tiktoken's order: lowest
/// rank first, leftmost on a tie. An entry whose rank no longer matches its part's current pair
/// is stale and skipped; ranks identify byte strings, so a changed pair has a different rank.
/// The heap holds at most the n - 1 first pairs plus two per merge, fewer than 3n entries.
private struct PairMerger {
    private static let none = Int.max

    private let piece: UnsafeBufferPointer<UInt8>
    private let ranks: RankTable
    /// Start of the part after part `i`; `piece.count` for the last part.
    private let next: UnsafeMutableBufferPointer<Int>
    /// Start of the part before part `i` (unused for part 0, which is always first).
    private let previous: UnsafeMutableBufferPointer<Int>
    /// Rank of part `i` merged with its right neighbour, or `none`.
    private let pairRank: UnsafeMutableBufferPointer<Int>
    /// Entries `rank << 32 | position`, so that integer order is (rank, position) order.
    /// Positions fit in 32 bits: pieces come from request bodies of a few megabytes.
    private let heap: UnsafeMutableBufferPointer<UInt64>
    private var heapCount = 0

    /// `parts` holds 3n integers and `heap` 3n entries, both uninitialised.
    init(piece: UnsafeBufferPointer<UInt8>, ranks: RankTable, parts: UnsafeMutableBufferPointer<Int>, heap: UnsafeMutableBufferPointer<UInt64>) {
        let count = piece.count
        self.piece = piece
        self.ranks = ranks
        next = UnsafeMutableBufferPointer(rebasing: parts[0..<count])
        previous = UnsafeMutableBufferPointer(rebasing: parts[count..<(2 * count)])
        pairRank = UnsafeMutableBufferPointer(rebasing: parts[(2 * count)..<(3 * count)])
        self.heap = heap
        for position in 0..<count {
            next[position] = position + 1
            previous[position] = position - 1
        }
        for position in 0..<count {
            pairRank[position] = rankOfPair(at: position)
            if pairRank[position] != Self.none {
                heap[heapCount] = UInt64(pairRank[position]) << 32 | UInt64(position)
                heapCount += 1
            }
        }
        for index in stride(from: heapCount / 2 - 1, through: 0, by: -1) { siftDown(index) }
    }

    mutating func mergeAll() {
        while let entry = popMin() {
            let rank = Int(entry >> 32), left = Int(entry & 0xFFFF_FFFF)
            guard pairRank[left] == rank else { continue }
            let right = next[left]
            next[left] = next[right]
            if next[right] < piece.count { previous[next[right]] = left }
            pairRank[right] = Self.none
            updatePair(at: left)
            if left > 0 { updatePair(at: previous[left]) }
        }
    }

    func forEachToken(_ body: (Int) -> Void) {
        var position = 0
        while position < piece.count {
            // Every part is a single byte or the result of a merge, so it is a token.
            ranks.rank(of: UnsafeBufferPointer(rebasing: piece[position..<next[position]])).map(body)
            position = next[position]
        }
    }

    private mutating func updatePair(at position: Int) {
        pairRank[position] = rankOfPair(at: position)
        if pairRank[position] != Self.none { push(UInt64(pairRank[position]) << 32 | UInt64(position)) }
    }

    private func rankOfPair(at position: Int) -> Int {
        let right = next[position]
        guard right < piece.count else { return Self.none }
        return ranks.rank(of: UnsafeBufferPointer(rebasing: piece[position..<next[right]])) ?? Self.none
    }

    private mutating func push(_ entry: UInt64) {
        var child = heapCount
        heap[child] = entry
        heapCount += 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child] < heap[parent] else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func popMin() -> UInt64? {
        guard heapCount > 0 else { return nil }
        let minimum = heap[0]
        heapCount -= 1
        heap[0] = heap[heapCount]
        siftDown(0)
        return minimum
    }

    private func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heapCount, heap[left] < heap[smallest] { smallest = left }
            if right < heapCount, heap[right] < heap[smallest] { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}

/// Token byte strings and their ranks, which are also their token ids. Lookup by bytes goes
/// through an open-addressing hash table over one contiguous byte buffer: 100k tokens live in
/// three flat buffers rather than in 100k separately allocated `[UInt8]` dictionary keys, and
/// the merge loop, which looks up every candidate pair, reads them without array overhead.
/// `@unchecked Sendable`: the buffers are written only in `init` and freed only in `deinit`.
final class RankTable: @unchecked Sendable {
    /// Token `r` is `bytes[starts[r]..<starts[r + 1]]`.
    private let bytes: UnsafeMutableBufferPointer<UInt8>
    private let starts: UnsafeMutableBufferPointer<Int>
    /// Token ids by hash, -1 for an empty slot; the count is a power of two.
    private let slots: UnsafeMutableBufferPointer<Int32>
    private let longestToken: Int

    /// Parses tiktoken's rank file: one `base64(token bytes) rank` line per token, with ranks
    /// 0, 1, 2, … in order. nil when the text is not that, or when some single byte has no rank
    /// (merging starts from single bytes, so every byte must be a token).
    init?(tiktokenRanks text: String) {
        var bytes: [UInt8] = []
        var starts = [0]
        var text = text
        let parsed = text.withUTF8 { utf8 -> Bool in
            var index = 0
            while index < utf8.count {
                guard Base64.decode(utf8, from: &index, upTo: UInt8(ascii: " "), into: &bytes),
                      let rank = Self.parseRank(utf8, from: &index), rank == starts.count - 1 else { return false }
                starts.append(bytes.count)
            }
            return true
        }
        guard parsed, starts.count > 1 else { return nil }

        var slots = [Int32](repeating: -1, count: 1 << (Int.bitWidth - (2 * (starts.count - 1)).leadingZeroBitCount))
        for id in 0..<(starts.count - 1) {
            var slot = bytes[starts[id]..<starts[id + 1]].withUnsafeBufferPointer { Self.hash($0) } & (slots.count - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = Int32(id)
        }
        self.bytes = .allocate(capacity: bytes.count)
        _ = self.bytes.initialize(from: bytes)
        self.starts = .allocate(capacity: starts.count)
        _ = self.starts.initialize(from: starts)
        self.slots = .allocate(capacity: slots.count)
        _ = self.slots.initialize(from: slots)
        longestToken = zip(starts.dropFirst(), starts).map { $0 - $1 }.max() ?? 0
        // Failing from here on still runs deinit, which frees the buffers.
        guard (UInt8.min...UInt8.max).allSatisfy({ byte in [byte].withUnsafeBufferPointer { rank(of: $0) } != nil }) else { return nil }
    }

    deinit {
        bytes.deallocate()
        starts.deallocate()
        slots.deallocate()
    }

    var count: Int { starts.count - 1 }

    func rank(of piece: UnsafeBufferPointer<UInt8>) -> Int? {
        guard piece.count <= longestToken, let base = piece.baseAddress, let tokens = bytes.baseAddress, !piece.isEmpty else { return nil }
        let mask = slots.count - 1
        var slot = Self.hash(piece) & mask
        while slots[slot] >= 0 {
            let id = Int(slots[slot])
            let start = starts[id]
            if starts[id + 1] - start == piece.count, memcmp(tokens + start, base, piece.count) == 0 { return id }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// FNV-1a, folded to an Int.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }

    /// Decimal digits up to the end of the line, consuming the line break.
    private static func parseRank(_ utf8: UnsafeBufferPointer<UInt8>, from index: inout Int) -> Int? {
        var rank = 0, digits = 0
        while index < utf8.count, utf8[index] != UInt8(ascii: "\n") {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(utf8[index]), digits < 10 else { return nil }
            rank = rank * 10 + Int(utf8[index] - UInt8(ascii: "0"))
            digits += 1
            index += 1
        }
        index += 1
        return digits > 0 ? rank : nil
    }
}

/// Standard base64 (RFC 4648, with padding), enough for tiktoken's rank files.
private enum Base64 {
    private static let values: [UInt8] = {
        var values = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            values[Int(character)] = UInt8(value)
        }
        return values
    }()

    /// Decodes from `index` up to the `terminator` byte (consumed), appending to `output`;
    /// false on a character outside the alphabet, misplaced padding or a missing terminator.
    static func decode(_ utf8: UnsafeBufferPointer<UInt8>, from index: inout Int, upTo terminator: UInt8, into output: inout [UInt8]) -> Bool {
        var accumulator: UInt32 = 0, bits = 0, padding = 0, characters = 0
        while index < utf8.count, utf8[index] != terminator {
            let character = utf8[index]
            index += 1
            characters += 1
            if character == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            let value = values[Int(character)]
            guard value != 0xFF, padding == 0 else { return false }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        guard index < utf8.count, characters > 0, characters % 4 == 0, padding <= 2 else { return false }
        index += 1
        return true
    }
}
