import Foundation
import LangfarmCore

/// The observations table's view as its URL holds it: page, type and filter rows; shared by
/// the page and its export.
struct ObservationTableView {
    static let types = ["GENERATION", "SPAN", "EVENT", "AGENT", "TOOL", "CHAIN", "RETRIEVER", "EVALUATOR", "EMBEDDING", "GUARDRAIL", ""]

    var page = 1
    /// The observation type shown; empty for all types.
    var type = "GENERATION"
    var rows: [FilterFormRow] = []

    init() {}

    init(_ parameters: FormEncodedQuery) {
        page = parameters.pageNumber
        type = parameters.first("type").flatMap { Self.types.contains($0) ? $0 : nil } ?? "GENERATION"
        rows = FilterBuilder.rows(parameters)
    }

    /// The filter rows' conditions and the type's.
    func conditions() throws(QueryError) -> [FilterCondition<ObservationColumn>] {
        var conditions: [FilterCondition<ObservationColumn>] = try FilterFormRow.conditions(rows)
        if !type.isEmpty {
            conditions.append(FilterCondition(column: .type, type: .stringOptions, operator: .anyOf, value: .strings([type])))
        }
        return conditions
    }

    func url(projectId: String, _ change: (inout ObservationTableView) -> Void = { _ in }) -> String {
        var view = self
        change(&view)
        return URLText.url(path: URLText.projectPath(projectId, "observations"), items: view.queryItems)
    }

    /// The download of this view's observations (every page).
    func exportURL(projectId: String, format: ExportFormat) -> String {
        URLText.url(
            path: URLText.projectPath(projectId, "observations-export"),
            items: [URLQueryItem(name: "format", value: format.rawValue)] + queryItems.filter { $0.name != "page" }
        )
    }

    private var queryItems: [URLQueryItem] {
        [URLQueryItem(name: "page", value: String(page)), URLQueryItem(name: "type", value: type)] + FilterBuilder.queryItems(rows)
    }
}
