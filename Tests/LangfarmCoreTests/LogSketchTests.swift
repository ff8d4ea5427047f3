import Foundation
import TestSupport
import Testing
@testable import LangfarmCore

/// The rollups' percentile sketch: quantiles within 1 % of exact ones, exact removal, and a
/// stable encoding.
@Suite struct LogSketchTests {
    /// The exact interpolated quantile ClickHouse's `quantile` approximates.
    func exactQuantile(_ values: [Double], _ q: Double) -> Double {
        let sorted = values.sorted()
        let rank = Double(sorted.count - 1) * q
        let low = sorted[Int(rank.rounded(.down))], high = sorted[Int(rank.rounded(.up))]
        return low + (high - low) * (rank - rank.rounded(.down))
    }

    @Test func quantilesAreWithinOnePercent() {
        var generator = SplitMix64(seed: 7)
        let values = (0..<20_000).map { _ in exp(Double.random(in: 0...12, using: &generator)) }
        var sketch = LogSketch()
        for value in values { sketch.add(value) }
        for q in [0.5, 0.75, 0.9, 0.95, 0.99] {
            let exact = exactQuantile(values, q)
            let estimate = sketch.quantile(q) ?? -1
            #expect(abs(estimate - exact) <= 0.011 * exact, "q=\(q): \(estimate) vs \(exact)")
        }
    }

    @Test func smallSetsInterpolateLikeClickHouse() throws {
        var sketch = LogSketch()
        for value in [1000.0, 2000, 4000] { sketch.add(value) }
        let p95 = try #require(sketch.quantile(0.95))
        #expect(abs(p95 - 3800) <= 38, "\(p95)")
        #expect(abs((sketch.quantile(0.5) ?? 0) - 2000) <= 20)
    }

    @Test func removingValuesGivesTheSketchWithoutThem() {
        var all = LogSketch(), kept = LogSketch(), removed = LogSketch()
        for value in stride(from: -50.0, through: 500, by: 3.5) {
            all.add(value)
            if Int(value) % 2 == 0 { removed.add(value) } else { kept.add(value) }
        }
        all.merge(removed, subtracting: true)
        #expect(all == kept)
        all.merge(kept, subtracting: true)
        #expect(all.isEmpty)
        #expect(all.quantile(0.5) == nil)
    }

    @Test func encodingRoundTripsAndRefusesForeignBytes() {
        var sketch = LogSketch()
        for value in [0.0, 0, 1, 2.5, 1e6, -3, -0.001] { sketch.add(value) }
        #expect(LogSketch(encoded: sketch.encoded) == sketch)
        #expect(LogSketch(encoded: [2, 0, 0, 0]) == nil)
        #expect(LogSketch(encoded: sketch.encoded + [7]) == nil)
        #expect(LogSketch(encoded: []) == nil)
    }

    @Test func histogramSpreadsEveryValueOverEqualBins() {
        var sketch = LogSketch()
        for value in 1...100 { sketch.add(Double(value)) }
        let bins = sketch.histogram(bins: 4)
        #expect(bins.count == 4)
        #expect(bins.reduce(0) { $0 + $1.height } == 100)
        #expect(abs(bins[0].lower - 1) < 0.02 && abs(bins[3].upper - 100) < 1.01)
    }
}
