/// The values of one measure in one group, for percentiles and histograms: the values
/// themselves while there are at most `exactCapacity` of them, a `LogSketch` beyond.
///
/// This mirrors where Langfuse is exact: ClickHouse's `quantile` keeps a reservoir of 8192
/// values, exact below that and a random sample above. Beyond it Langfarm's answers are within
/// the sketch's 1 % of a value of the right rank instead, and deterministic. Memory stays
/// bounded per group however many rows a scan reads.
public struct ValueDistribution: Sendable, Equatable {
    public static let exactCapacity = 8192

    enum Storage: Sendable, Equatable {
        case exact([Double])
        case sketch(LogSketch)
    }

    private(set) var storage: Storage

    public init() {
        storage = .exact([])
    }

    /// The distribution a rollup's sketch stands for.
    public init(_ sketch: LogSketch) {
        storage = .sketch(sketch)
    }

    public var count: Int64 {
        switch storage {
        case .exact(let values): Int64(values.count)
        case .sketch(let sketch): sketch.count
        }
    }

    /// Whether every value is kept, so percentiles are exact.
    public var isExact: Bool {
        if case .exact = storage { return true }
        return false
    }

    public mutating func add(_ value: Double) {
        guard value.isFinite else { return }
        // The storage is taken out while it changes, so that appending does not copy it.
        switch take() {
        case .exact(var values):
            values.append(value)
            storage = values.count > Self.exactCapacity ? .sketch(Self.sketch(of: values)) : .exact(values)
        case .sketch(var sketch):
            sketch.add(value)
            storage = .sketch(sketch)
        }
    }

    public mutating func merge(_ other: ValueDistribution) {
        switch (take(), other.storage) {
        case (.exact(var mine), .exact(let theirs)) where mine.count + theirs.count <= Self.exactCapacity:
            mine += theirs
            storage = .exact(mine)
        case (let mine, _):
            var sketch = ValueDistribution(storage: mine).asSketch
            sketch.merge(other.asSketch)
            storage = .sketch(sketch)
        }
    }

    private init(storage: Storage) {
        self.storage = storage
    }

    /// The storage, leaving an empty one in its place.
    private mutating func take() -> Storage {
        defer { storage = .exact([]) }
        return storage
    }

    /// The value at quantile `q`, interpolated between the two values around rank
    /// `q × (n − 1)` as ClickHouse's `quantile` does; nil without values.
    public func quantile(_ q: Double) -> Double? {
        switch storage {
        case .sketch(let sketch):
            return sketch.quantile(q)
        case .exact(let values):
            guard !values.isEmpty else { return nil }
            let sorted = values.sorted()
            let rank = Double(sorted.count - 1) * min(max(q, 0), 1)
            let lower = sorted[Int(rank.rounded(.down))]
            let upper = sorted[Int(rank.rounded(.up))]
            return lower + (upper - lower) * (rank - rank.rounded(.down))
        }
    }

    /// ClickHouse's adaptive `histogram(bins)` over the values (or the sketch's buckets, each
    /// weighing its count).
    public func histogram(bins: Int) -> [HistogramBin] {
        switch storage {
        case .exact(let values):
            return AdaptiveHistogram.bins(values.map { WeightedPoint(value: $0, weight: 1) }, maxBins: bins)
        case .sketch(let sketch):
            return AdaptiveHistogram.bins(sketch.weightedBuckets, maxBins: bins)
        }
    }

    /// The distribution as a sketch: what a rollup row holds for the same values.
    public var asSketch: LogSketch {
        switch storage {
        case .exact(let values): Self.sketch(of: values)
        case .sketch(let sketch): sketch
        }
    }

    private static func sketch(of values: [Double]) -> LogSketch {
        var sketch = LogSketch()
        for value in values { sketch.add(value) }
        return sketch
    }
}

extension ValueDistribution {
    /// A compact binary form, for a store's aggregate function to hand a distribution over:
    /// a kind byte, then the values as little-endian IEEE 754 doubles (exact) or the sketch's
    /// own encoding.
    public var encoded: [UInt8] {
        switch storage {
        case .exact(let values):
            var bytes: [UInt8] = [1]
            bytes.reserveCapacity(1 + 8 * values.count)
            for value in values {
                withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
            }
            return bytes
        case .sketch(let sketch):
            return [2] + sketch.encoded
        }
    }

    /// Reads `encoded`; nil for bytes it did not write.
    public init?(encoded bytes: some Collection<UInt8>) {
        let bytes = Array(bytes)
        switch bytes.first {
        case 1:
            guard (bytes.count - 1) % 8 == 0, (bytes.count - 1) / 8 <= Self.exactCapacity else { return nil }
            var values: [Double] = []
            values.reserveCapacity((bytes.count - 1) / 8)
            var offset = 1
            while offset < bytes.count {
                var bits: UInt64 = 0
                for shift in 0..<8 { bits |= UInt64(bytes[offset + shift]) << (8 * UInt64(shift)) }
                values.append(Double(bitPattern: bits))
                offset += 8
            }
            storage = .exact(values)
        case 2:
            guard let sketch = LogSketch(encoded: bytes.dropFirst()) else { return nil }
            storage = .sketch(sketch)
        default:
            return nil
        }
    }
}

extension LogSketch {
    /// Each non-empty bucket as its representative value weighing its count, smallest first.
    var weightedBuckets: [WeightedPoint] {
        negative.sorted { $0.key > $1.key }.map { WeightedPoint(value: -Self.value(of: $0.key), weight: Double($0.value)) }
            + (zeroCount == 0 ? [] : [WeightedPoint(value: 0, weight: Double(zeroCount))])
            + positive.sorted { $0.key < $1.key }.map { WeightedPoint(value: Self.value(of: $0.key), weight: Double($0.value)) }
    }
}
