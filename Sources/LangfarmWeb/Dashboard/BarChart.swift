/// A bar chart drawn as SVG by the chart partial (`ChartTemplate`): bar geometry is computed
/// here, labels go through the template's escaping.
struct BarChart {
    struct Bar {
        let x: String
        let y: String
        let w: String
        let h: String
        let label: String
    }

    static let width = 600.0
    static let height = 160.0

    let title: String
    let bars: [Bar]
    let firstLabel: String
    let lastLabel: String
    let maxLabel: String
    let empty: Bool
    let chartWidth = Int(width)
    let chartHeight = Int(height)
    let axisY = Int(height) + 14
    let viewHeight = Int(height) + 22

    /// `points` in order; `format` writes a value for the bar's tooltip and the scale.
    init(title: String, points: [(label: String, value: Double)], format: (Double) -> String) {
        self.title = title
        let top = points.map(\.value).max() ?? 0
        let slot = Self.width / Double(max(points.count, 1))
        bars = points.enumerated().map { index, point in
            let height = top > 0 ? (point.value / top) * Self.height : 0
            return Bar(
                x: Self.number(Double(index) * slot + slot * 0.1), y: Self.number(Self.height - height),
                w: Self.number(slot * 0.8), h: Self.number(height), label: "\(point.label): \(format(point.value))"
            )
        }
        firstLabel = points.first?.label ?? ""
        lastLabel = points.last?.label ?? ""
        maxLabel = format(top)
        empty = points.allSatisfy { $0.value == 0 }
    }

    private static func number(_ value: Double) -> String {
        String(Double(Int(value * 10)) / 10)
    }
}
