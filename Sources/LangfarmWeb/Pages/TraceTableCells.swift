import Foundation
import LangfarmCore
import Mustache

/// The cells of one traces-table row for the view's columns. Fields are looked up by name
/// (`MustacheParent`) rather than by reflection, and an absent value is `false`, so that
/// Mustache does not look it up in the enclosing views.
struct TraceTableCell: MustacheParent {
    let cellText: String
    let cellClass: String?
    /// The trace's link, on the row's first cell (what `j`/`k` and Enter follow).
    let cellHref: String?
    let cellTags: [String]
    let cellErrors: Int?
    let cellWarnings: Int?
    let cellBookmarked: Bool

    func child(named name: String) -> Any? {
        switch name {
        case "cellText": cellText
        case "cellClass": cellClass ?? false
        case "cellHref": cellHref ?? false
        case "cellTags": cellTags
        case "cellErrors": cellErrors ?? false
        case "cellWarnings": cellWarnings ?? false
        case "cellBookmarked": cellBookmarked
        default: nil
        }
    }

    init(
        _ text: String, class cellClass: String? = nil, href: String? = nil, tags: [String] = [],
        errors: Int? = nil, warnings: Int? = nil, bookmarked: Bool = false
    ) {
        cellText = text
        self.cellClass = cellClass
        cellHref = href
        cellTags = tags
        cellErrors = errors
        cellWarnings = warnings
        cellBookmarked = bookmarked
    }

    /// A row's cells: one per column, `scores` expanded to one per name in `scoreNames`.
    static func cells(
        _ item: TraceListItem, columns: [TraceTableColumn], scoreNames: [String], scores: [ScoreRow], href: String
    ) -> [TraceTableCell] {
        let trace = item.trace
        var cells: [TraceTableCell] = []
        for column in columns {
            switch column {
            case .timestamp: cells.append(TraceTableCell(Format.time(trace.timestamp), class: "nowrap"))
            case .id: cells.append(TraceTableCell(trace.id, class: "nowrap"))
            case .name: cells.append(TraceTableCell(trace.name ?? "", bookmarked: trace.bookmarked))
            case .input: cells.append(TraceTableCell(Preview.text(trace.input), class: "preview"))
            case .output: cells.append(TraceTableCell(Preview.text(trace.output), class: "preview"))
            case .levels:
                let levels = item.aggregates.levelCounts
                cells.append(TraceTableCell(
                    "", class: "nowrap", errors: levels.error > 0 ? levels.error : nil, warnings: levels.warning > 0 ? levels.warning : nil
                ))
            case .latency: cells.append(TraceTableCell(Format.latency(item.aggregates.latencyMillis), class: "number"))
            case .tokens: cells.append(TraceTableCell(Format.integer(item.aggregates.totalTokens), class: "number"))
            case .cost: cells.append(TraceTableCell(Format.cost(item.aggregates.totalCost), class: "number"))
            case .environment: cells.append(TraceTableCell(trace.environment))
            case .tags: cells.append(TraceTableCell("", tags: trace.tags))
            case .metadata: cells.append(TraceTableCell(trace.metadata.isEmpty ? "" : Preview.text(.object(trace.metadata)), class: "preview"))
            case .user: cells.append(TraceTableCell(trace.userId ?? ""))
            case .session: cells.append(TraceTableCell(trace.sessionId ?? ""))
            case .release: cells.append(TraceTableCell(trace.release ?? ""))
            case .version: cells.append(TraceTableCell(trace.version ?? ""))
            case .scores:
                cells += scoreNames.map { name in TraceTableCell(scoreText(scores.filter { $0.name == name }), class: "number") }
            }
        }
        guard let first = cells.first else { return [] }
        cells[0] = TraceTableCell(
            first.cellText.isEmpty ? "open" : first.cellText, class: first.cellClass, href: href, tags: first.cellTags,
            errors: first.cellErrors, warnings: first.cellWarnings, bookmarked: first.cellBookmarked
        )
        return cells
    }

    /// A trace's scores of one name: the mean of numeric and boolean values (as Langfuse's
    /// table shows them), categorical values listed.
    static func scoreText(_ scores: [ScoreRow]) -> String {
        let values = scores.compactMap { $0.dataType == "CATEGORICAL" ? nil : $0.value }
        if !values.isEmpty {
            return String(format: "%.2f", values.reduce(0, +) / Double(values.count))
        }
        return scores.compactMap(\.stringValue).joined(separator: ", ")
    }
}
