import Foundation

/// A quantile sketch that can be added to, merged and subtracted from, so that hourly rollups
/// keep latency percentiles exact enough while a later event corrects a row or a deletion
/// removes it.
///
/// Values fall into logarithmic buckets (the DDSketch mapping: bucket `i` holds the values in
/// `(γ^(i-1), γ^i]`, with `γ = (1+α)/(1-α)`), so every quantile it answers is within a relative
/// error of `α` = 1 % of a value of the right rank. Langfuse's own percentiles are approximate
/// too (ClickHouse `quantile`, a reservoir sample). A sketch of a day of latencies holds a few
/// hundred buckets whatever the number of values.
///
/// Hand-written because the mirror's HdrHistogram (hdrhistogram-swift) cannot remove values and
/// serialises its dense bucket array as JSON, while a rollup row needs subtraction and a compact
/// sparse encoding.
public struct LogSketch: Sendable, Equatable {
    public static let relativeAccuracy = 0.01
    static let gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy)
    static let logGamma = log(gamma)

    /// Bucket index to count, for positive values.
    private(set) var positive: [Int32: Int64] = [:]
    /// Bucket index (of the absolute value) to count, for negative values.
    private(set) var negative: [Int32: Int64] = [:]
    private(set) var zeroCount: Int64 = 0

    public init() {}

    public var count: Int64 { zeroCount + positive.values.reduce(0, +) + negative.values.reduce(0, +) }

    public var isEmpty: Bool { zeroCount == 0 && positive.isEmpty && negative.isEmpty }

    public mutating func add(_ value: Double, count: Int64 = 1) {
        guard value.isFinite else { return }
        if value == 0 {
            zeroCount += count
        } else if value > 0 {
            Self.change(&positive, Self.index(of: value), by: count)
        } else {
            Self.change(&negative, Self.index(of: -value), by: count)
        }
    }

    /// Adds every value of `other`; with `subtracting`, removes them instead.
    public mutating func merge(_ other: LogSketch, subtracting: Bool = false) {
        let sign: Int64 = subtracting ? -1 : 1
        zeroCount += sign * other.zeroCount
        for (index, count) in other.positive { Self.change(&positive, index, by: sign * count) }
        for (index, count) in other.negative { Self.change(&negative, index, by: sign * count) }
    }

    /// The value at quantile `q` (0…1), interpolated between the values of the two ranks around
    /// `q × (n − 1)` as ClickHouse's `quantile` interpolates (so the p95 of 1000, 2000 and 4000
    /// is 3800); each of those values is within 1 % of the true one. Nil when empty.
    public func quantile(_ q: Double) -> Double? {
        let buckets = ordered.filter { $0.count > 0 }
        let total = buckets.reduce(0) { $0 + $1.count }
        guard total > 0 else { return nil }
        let rank = Double(total - 1) * min(max(q, 0), 1)
        let lower = value(atRank: Int64(rank.rounded(.down)), in: buckets)
        let upper = value(atRank: Int64(rank.rounded(.up)), in: buckets)
        return lower + (upper - lower) * (rank - rank.rounded(.down))
    }

    /// The value of the `rank`-th smallest value (from 0).
    private func value(atRank rank: Int64, in buckets: [(value: Double, count: Int64)]) -> Double {
        var seen: Int64 = 0
        for bucket in buckets {
            seen += bucket.count
            if seen > rank { return bucket.value }
        }
        return buckets.last?.value ?? 0
    }

    /// `bins` equal-width bins between the smallest and largest value, with how many values
    /// each holds: Langfuse's `histogram` shape, `[lower, upper, height]`.
    public func histogram(bins: Int) -> [(lower: Double, upper: Double, height: Double)] {
        let buckets = ordered.filter { $0.count > 0 }
        guard let low = buckets.first?.value, let high = buckets.last?.value, bins > 0 else { return [] }
        guard high > low else { return [(low, high, Double(buckets.reduce(0) { $0 + $1.count }))] }
        let width = (high - low) / Double(bins)
        var heights = [Double](repeating: 0, count: bins)
        for bucket in buckets {
            heights[min(Int((bucket.value - low) / width), bins - 1)] += Double(bucket.count)
        }
        return heights.enumerated().map { (low + Double($0.offset) * width, low + Double($0.offset + 1) * width, $0.element) }
    }

    /// Every bucket from the most negative value to the largest, with its representative value
    /// (the one within `α` of every value in the bucket).
    private var ordered: [(value: Double, count: Int64)] {
        negative.sorted { $0.key > $1.key }.map { (-Self.value(of: $0.key), $0.value) }
            + (zeroCount == 0 ? [] : [(0, zeroCount)])
            + positive.sorted { $0.key < $1.key }.map { (Self.value(of: $0.key), $0.value) }
    }

    static func index(of magnitude: Double) -> Int32 {
        Int32(clamping: Int((log(magnitude) / logGamma).rounded(.up)))
    }

    static func value(of index: Int32) -> Double {
        2 * pow(gamma, Double(index)) / (1 + gamma)
    }

    private static func change(_ buckets: inout [Int32: Int64], _ index: Int32, by count: Int64) {
        let updated = buckets[index, default: 0] + count
        buckets[index] = updated == 0 ? nil : updated
    }
}

extension LogSketch {
    /// A compact binary form for a rollup column: a version byte, the zero count, then each
    /// side's buckets as (index delta, count) pairs, zigzag varints, in index order.
    public var encoded: [UInt8] {
        var bytes: [UInt8] = [1]
        Varint.write(zeroCount, to: &bytes)
        for side in [positive, negative] {
            Varint.write(Int64(side.count), to: &bytes)
            var previous: Int32 = 0
            for (index, count) in side.sorted(by: { $0.key < $1.key }) {
                Varint.write(Int64(index) - Int64(previous), to: &bytes)
                Varint.write(count, to: &bytes)
                previous = index
            }
        }
        return bytes
    }

    /// Reads `encoded`; nil for bytes it did not write.
    public init?(encoded bytes: some Collection<UInt8>) {
        self.init()
        guard merge(encoded: bytes) else { return nil }
    }

    /// Adds the values of an encoded sketch without building a sketch of it first: what
    /// reading many rollup rows into one answer costs. Returns false, having added nothing,
    /// for bytes `encoded` did not write.
    @discardableResult
    public mutating func merge(encoded bytes: some Collection<UInt8>) -> Bool {
        let bytes = Array(bytes)
        guard Self.walk(bytes, { _, _, _ in }) else { return false }
        return Self.walk(bytes) { part, bucket, count in
            switch part {
            case .zero: zeroCount += count
            case .positive: Self.change(&positive, bucket, by: count)
            case .negative: Self.change(&negative, bucket, by: count)
            }
        }
    }

    private enum Part { case zero, positive, negative }

    /// Calls `visit` with each count of an encoding (the zero count, then each bucket); false
    /// when the bytes are not an encoding (after visiting what came before the fault).
    private static func walk(_ bytes: [UInt8], _ visit: (Part, Int32, Int64) -> Void) -> Bool {
        var reader = Varint.Reader(bytes)
        guard reader.byte() == 1, let zero = reader.next() else { return false }
        visit(.zero, 0, zero)
        for part in [Part.positive, .negative] {
            guard let entries = reader.next(), entries >= 0 else { return false }
            var index: Int64 = 0
            for _ in 0..<entries {
                guard let delta = reader.next(), let count = reader.next() else { return false }
                index += delta
                guard let bucket = Int32(exactly: index) else { return false }
                visit(part, bucket, count)
            }
        }
        return reader.atEnd
    }
}

/// Zigzag LEB128 integers, for compact sketches.
enum Varint {
    static func write(_ value: Int64, to bytes: inout [UInt8]) {
        var zigzag = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        while zigzag >= 0x80 {
            bytes.append(UInt8(zigzag & 0x7F) | 0x80)
            zigzag >>= 7
        }
        bytes.append(UInt8(zigzag))
    }

    struct Reader {
        let bytes: [UInt8]
        var offset = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { offset == bytes.count }

        mutating func byte() -> UInt8? {
            guard offset < bytes.count else { return nil }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func next() -> Int64? {
            var zigzag: UInt64 = 0
            var shift: UInt64 = 0
            while let byte = byte() {
                guard shift < 64 else { return nil }
                zigzag |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return Int64(bitPattern: (zigzag >> 1) ^ (0 &- (zigzag & 1))) }
                shift += 7
            }
            return nil
        }
    }
}
