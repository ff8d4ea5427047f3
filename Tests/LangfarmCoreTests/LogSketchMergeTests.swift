import Testing
@testable import LangfarmCore

/// Merging an encoded sketch in place, as the metrics engine reads rollup rows.
@Suite struct LogSketchMergeTests {
    @Test func mergingAnEncodingAddsItsValues() {
        var one = LogSketch(), two = LogSketch()
        for value in [0.0, 3, 17.5, 1e5, -2] { one.add(value) }
        for value in [0.0, 17.5, 40, -9] { two.add(value) }
        var merged = one
        let accepted = merged.merge(encoded: two.encoded)
        #expect(accepted)
        var expected = one
        expected.merge(two)
        #expect(merged == expected)
        #expect(merged.count == 9)
    }

    @Test func foreignBytesAddNothing() {
        var sketch = LogSketch()
        sketch.add(5)
        let before = sketch
        var truncated = sketch.encoded
        truncated.removeLast()
        let refusals = [sketch.merge(encoded: truncated), sketch.merge(encoded: [9, 0, 0, 0]), sketch.merge(encoded: before.encoded + [1])]
        #expect(refusals == [false, false, false])
        #expect(sketch == before)
    }
}
