import Foundation
import TestSupport
import Testing
@testable import LangfarmCore

/// Distributions are exact up to ClickHouse's reservoir size and sketched beyond; histograms
/// follow ClickHouse's adaptive algorithm.
@Suite struct ValueDistributionTests {
    @Test func percentilesOfFewValuesAreExactAndInterpolated() {
        var distribution = ValueDistribution()
        for value in [4000.0, 1000, 2000] { distribution.add(value) }
        #expect(distribution.isExact)
        #expect(distribution.quantile(0.95) == 3800, "ClickHouse's quantile: linear between ranks")
        #expect(distribution.quantile(0.5) == 2000)
        #expect(ValueDistribution().quantile(0.5) == nil)
    }

    @Test func beyondTheReservoirSizeTheSketchTakesOverWithinOnePercent() {
        var distribution = ValueDistribution()
        var generator = SplitMix64(seed: 11)
        let values = (0..<(ValueDistribution.exactCapacity + 500)).map { _ in Double.random(in: 1...100_000, using: &generator) }
        for value in values.prefix(ValueDistribution.exactCapacity) { distribution.add(value) }
        #expect(distribution.isExact)
        for value in values.dropFirst(ValueDistribution.exactCapacity) { distribution.add(value) }
        #expect(!distribution.isExact)
        #expect(distribution.count == Int64(values.count))
        let sorted = values.sorted()
        let exact = sorted[Int(Double(sorted.count - 1) * 0.9)]
        #expect(abs((distribution.quantile(0.9) ?? 0) - exact) <= 0.011 * exact)
    }

    @Test func mergingStaysExactOnlyWhileSmall() {
        var small = ValueDistribution(), other = ValueDistribution()
        for value in 1...10 { small.add(Double(value)) }
        for value in 11...20 { other.add(Double(value)) }
        small.merge(other)
        #expect(small.isExact && small.count == 20)
        small.merge(ValueDistribution(LogSketch()))
        #expect(!small.isExact && small.count == 20, "a sketch makes the merge a sketch")
        #expect(small.asSketch == other.asSketch.merging(with: (1...10).map(Double.init)))
    }

    @Test func encodingRoundTrips() {
        var exact = ValueDistribution()
        for value in [0.5, -3, 1e9, 0] { exact.add(value) }
        #expect(ValueDistribution(encoded: exact.encoded) == exact)
        let sketched = ValueDistribution(exact.asSketch)
        #expect(ValueDistribution(encoded: sketched.encoded) == sketched)
        #expect(ValueDistribution(encoded: [3]) == nil)
        #expect(ValueDistribution(encoded: [1, 0, 0]) == nil)
        #expect(ValueDistribution(encoded: []) == nil)
    }

    @Test func histogramsFuseTheClosestValuesIntoAtMostTheBins() throws {
        var distribution = ValueDistribution()
        for value in [1.0, 2, 3, 10, 11, 12, 100] { distribution.add(value) }
        let bins = distribution.histogram(bins: 3)
        #expect(bins.count == 3)
        #expect(bins.first?.lower == 1, "the first bin starts at the smallest value")
        #expect(bins.last?.upper == 100, "the last bin ends at the largest")
        for (left, right) in zip(bins, bins.dropFirst()) { #expect(left.upper == right.lower) }
        // The three clusters, fused into their means 2, 11 and 100: bins split halfway between.
        #expect(bins.map(\.upper).dropLast() == [6.5, 55.5])
        // Heights are ClickHouse's linear density estimate from the neighbouring weights.
        #expect(bins.map(\.height) == [3, 2.75, 1.25])
        #expect(distribution.histogram(bins: 10).count == 7, "fewer values than bins: one bin each")
        #expect(ValueDistribution().histogram(bins: 10).isEmpty)
    }

    @Test func sketchedHistogramsWeighBucketsByTheirCounts() {
        var sketch = LogSketch()
        for _ in 0..<50 { sketch.add(10) }
        for _ in 0..<50 { sketch.add(1000) }
        let bins = ValueDistribution(sketch).histogram(bins: 5)
        #expect(bins.count == 2)
        #expect(bins.map(\.height) == [50, 50])
    }
}

extension LogSketch {
    /// This sketch with `values` added.
    func merging(with values: [Double]) -> LogSketch {
        var copy = self
        for value in values { copy.add(value) }
        return copy
    }
}
