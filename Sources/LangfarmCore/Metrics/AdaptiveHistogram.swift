/// A value with a weight (how many values it stands for).
struct WeightedPoint: Equatable {
    var value: Double
    var weight: Double
}

/// ClickHouse's `histogram(bins)`: the adaptive histogram of Ben-Haim and Tom-Tov (JMLR 11,
/// 2010) that Langfuse's `histogram` aggregation returns. Points are fused, closest pair first,
/// into their weighted mean until at most `maxBins` remain; each bin then spans from the
/// midpoint with its left neighbour to the midpoint with its right one (the smallest and
/// largest value at the ends), and its height is a linear density estimate.
///
/// ClickHouse fuses while it streams (whenever it holds twice the bins), so its bins depend a
/// little on row order; this fuses once over all the points, which is the order-free result
/// the streaming version approximates.
enum AdaptiveHistogram {
    static func bins(_ points: [WeightedPoint], maxBins: Int) -> [HistogramBin] {
        let finite = points.filter { $0.value.isFinite && $0.weight > 0 }
        guard let lowest = finite.map(\.value).min(), let highest = finite.map(\.value).max(), maxBins > 0 else { return [] }
        let fused = fuseNearlyEqual(fuse(finite.sorted { $0.value < $1.value }, to: maxBins))
        return fused.indices.map { index in
            let point = fused[index]
            let isFirst = index == fused.startIndex, isLast = index == fused.index(before: fused.endIndex)
            let lower = isFirst ? lowest : (fused[index - 1].value + point.value) / 2
            let upper = isLast ? highest : (point.value + fused[index + 1].value) / 2
            let lowerWeight = isFirst ? point.weight : (fused[index - 1].weight + 3 * point.weight) / 4
            let upperWeight = isLast ? point.weight : (fused[index + 1].weight + 3 * point.weight) / 4
            return HistogramBin(lower: lower, upper: upper, height: (lowerWeight + upperWeight) / 2)
        }
    }

    /// Fuses the closest neighbours of the sorted `points` until `maxBins` remain.
    static func fuse(_ points: [WeightedPoint], to maxBins: Int) -> [WeightedPoint] {
        guard points.count > maxBins else { return points }
        var points = points
        var next = Array(1...points.count), previous = Array(-1..<(points.count - 1))
        var active = [Bool](repeating: true, count: points.count)
        var gaps = MinHeap<Gap>()
        for index in 0..<(points.count - 1) { gaps.push(Gap(width: points[index + 1].value - points[index].value, left: index)) }
        var remaining = points.count
        while remaining > maxBins, let gap = gaps.pop() {
            let left = gap.left, right = next[left]
            guard active[left], right < points.count, active[right], points[right].value - points[left].value == gap.width else { continue }
            points[left] = fused(points[left], points[right])
            active[right] = false
            next[left] = next[right]
            if next[right] < points.count { previous[next[right]] = left }
            remaining -= 1
            if next[left] < points.count { gaps.push(Gap(width: points[next[left]].value - points[left].value, left: left)) }
            if previous[left] >= 0 { gaps.push(Gap(width: points[left].value - points[previous[left]].value, left: previous[left])) }
        }
        return points.indices.filter { active[$0] }.map { points[$0] }
    }

    /// Fuses neighbours whose values differ only in the last digits of their decimal form.
    static func fuseNearlyEqual(_ points: [WeightedPoint]) -> [WeightedPoint] {
        var result: [WeightedPoint] = []
        for point in points {
            if let last = result.last, last.value + 10 * (last.value + point.value) * Double.ulpOfOne >= point.value {
                result[result.count - 1] = fused(last, point)
            } else {
                result.append(point)
            }
        }
        return result
    }

    /// The weighted mean of two points.
    static func fused(_ left: WeightedPoint, _ right: WeightedPoint) -> WeightedPoint {
        let weight = left.weight + right.weight
        return WeightedPoint(value: left.value + right.weight * (right.value - left.value) / weight, weight: weight)
    }

    /// The gap between a point and its right neighbour; the narrowest is fused first, the
    /// leftmost among equals.
    struct Gap: Comparable {
        var width: Double
        var left: Int

        static func < (lhs: Gap, rhs: Gap) -> Bool { (lhs.width, lhs.left) < (rhs.width, rhs.left) }
    }
}

/// A binary min-heap.
struct MinHeap<Element: Comparable> {
    private var elements: [Element] = []

    mutating func push(_ element: Element) {
        elements.append(element)
        var child = elements.count - 1
        while child > 0, elements[child] < elements[(child - 1) / 2] {
            elements.swapAt(child, (child - 1) / 2)
            child = (child - 1) / 2
        }
    }

    mutating func pop() -> Element? {
        guard !elements.isEmpty else { return nil }
        elements.swapAt(0, elements.count - 1)
        let top = elements.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < elements.count, elements[left] < elements[smallest] { smallest = left }
            if right < elements.count, elements[right] < elements[smallest] { smallest = right }
            guard smallest != parent else { return top }
            elements.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
