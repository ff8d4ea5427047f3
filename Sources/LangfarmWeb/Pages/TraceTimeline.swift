import Foundation
import LangfarmCore
import Mustache

/// The trace page's timeline (Gantt): one row per observation in tree order, its bar placed on
/// a shared time axis drawn as SVG on the server.
///
/// A minute-long span and a sub-millisecond one share an axis, so a bar is never narrower than
/// `minimumBarWidth` and every row prints its duration as text. Zooming into an observation
/// (`?zoom=`) makes its window the axis: its children, invisible next to the whole trace,
/// spread across the page.
struct TraceTimeline {
    /// The SVG user units across the axis; bars are drawn with `preserveAspectRatio="none"`,
    /// so they stretch with the column.
    static let axisWidth = 1000.0
    /// The narrowest bar, in axis units (about two pixels on a laptop screen).
    static let minimumBarWidth = 3.0
    /// The deepest indentation the style sheet has a class for.
    static let maximumDepth = 12

    /// One observation's row, its fields looked up by name (`MustacheParent`) rather than
    /// by reflection, for traces of thousands of observations. An absent zoom link is `false`,
    /// so that Mustache does not look for it in the enclosing views.
    struct Row: MustacheParent {
        let spanHref: String
        let spanType: String
        let spanName: String
        let spanLevel: String
        let spanDepth: Int
        let spanDuration: String
        let spanOffset: String
        let barX: String
        let barWidth: String
        let spanSelected: Bool
        /// Where zooming into this observation leads; nil for one without children or duration.
        let zoomHref: String?

        func child(named name: String) -> Any? {
            switch name {
            case "spanHref": spanHref
            case "spanType": spanType
            case "spanName": spanName
            case "spanLevel": spanLevel
            case "spanDepth": spanDepth
            case "spanDuration": spanDuration
            case "spanOffset": spanOffset
            case "barX": barX
            case "barWidth": barWidth
            case "spanSelected": spanSelected
            case "zoomHref": zoomHref ?? false
            default: nil
            }
        }
    }

    struct Tick {
        let tickX: String
        let tickLabel: String
    }

    let rows: [Row]
    let ticks: [Tick]
    /// How many observations were left out because they lie outside a zoomed window.
    let outsideNote: String?
    /// The observation zoomed into, with the link back to the whole trace.
    let zoomedName: String?
    let unzoomHref: String?

    /// `href(observationId, zoomId)`: the trace page's URL showing the timeline.
    init(
        _ tree: ObservationTree, selectedId: String?, zoomId: String?,
        href: (_ observationId: String?, _ zoomId: String?) -> String
    ) {
        let all = Self.flatten(tree.roots)
        let zoomed = zoomId.flatMap { id in all.first { $0.node.observation.id == id } }
        let start = zoomed?.node.observation.startTime ?? all.map(\.node.observation.startTime).min() ?? 0
        let end = zoomed.map { Self.end(of: $0.node.observation) } ?? all.map { Self.end(of: $0.node.observation) }.max() ?? start
        let span = Double(max(end - start, 1))
        var rows: [Row] = []
        var outside = 0
        for (node, depth) in all {
            let observation = node.observation
            let observationEnd = Self.end(of: observation)
            guard observationEnd >= start, observation.startTime <= end else {
                outside += 1
                continue
            }
            let from = max(observation.startTime, start)
            let x = Double(from - start) / span * Self.axisWidth
            let width = max(Double(min(observationEnd, end) - from) / span * Self.axisWidth, Self.minimumBarWidth)
            let hasDuration = observation.endTime.map { $0 > observation.startTime } ?? false
            rows.append(Row(
                spanHref: href(observation.id, zoomId), spanType: observation.type, spanName: observation.name ?? observation.id,
                spanLevel: observation.level, spanDepth: min(depth, Self.maximumDepth),
                spanDuration: Self.duration(observation), spanOffset: "+" + Format.latency(observation.startTime - start),
                barX: Self.number(min(x, Self.axisWidth - Self.minimumBarWidth)), barWidth: Self.number(width),
                spanSelected: observation.id == selectedId,
                zoomHref: !node.children.isEmpty && hasDuration && observation.id != zoomed?.node.observation.id ? href(selectedId, observation.id) : nil
            ))
        }
        self.rows = rows
        outsideNote = outside == 0 ? nil : "\(outside) observations lie outside this window."
        ticks = stride(from: 0.0, through: 1.0, by: 0.25).map { fraction in
            Tick(tickX: Self.number(fraction * Self.axisWidth), tickLabel: Self.offset(fraction * span, of: span))
        }
        zoomedName = zoomed.map { $0.node.observation.name ?? $0.node.observation.id }
        unzoomHref = zoomed == nil ? nil : href(selectedId, nil)
    }

    /// The tree depth-first, each node with its depth.
    private static func flatten(_ roots: [ObservationTree.Node]) -> [(node: ObservationTree.Node, depth: Int)] {
        var flat: [(node: ObservationTree.Node, depth: Int)] = []
        func visit(_ node: ObservationTree.Node, depth: Int) {
            flat.append((node, depth))
            for child in node.children { visit(child, depth: depth + 1) }
        }
        for root in roots { visit(root, depth: 0) }
        return flat
    }

    /// An observation without an end is drawn as an instant.
    private static func end(of observation: ObservationRow) -> EpochMillis {
        observation.endTime ?? observation.startTime
    }

    /// Timestamps are whole milliseconds, so a span that started and ended within one shows as
    /// under a millisecond rather than as zero.
    private static func duration(_ observation: ObservationRow) -> String {
        guard let end = observation.endTime else { return observation.type == "EVENT" ? "event" : "no end" }
        return end == observation.startTime ? "<1ms" : Format.latency(end - observation.startTime)
    }

    /// An axis offset: fractions of a millisecond on an axis of a few milliseconds.
    private static func offset(_ millis: Double, of span: Double) -> String {
        span < 10 ? String(format: "%.2fms", millis) : Format.latency(Int64(millis.rounded()))
    }

    private static func number(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}
