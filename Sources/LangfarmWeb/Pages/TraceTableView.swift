import Foundation
import LangfarmCore

/// The traces table's view as its URL holds it: page, page size, search box, filter rows,
/// sort, columns, live mode and the trace peeked at. Anything unreadable falls back to the
/// default, except filter rows, whose mistakes the page reports.
struct TraceTableView {
    static let pageSizes = [10, 20, 50, 100]

    var page = 1
    var limit = 50
    var search = ""
    var searchById = true
    var rows: [FilterFormRow] = []
    var order = TraceOrder.newestFirst
    var columns = TraceTableColumn.defaults
    /// Live mode: the page's script refreshes the rows while the page is open.
    var live = false
    /// The trace shown in the side panel.
    var peek: String?

    /// The default view: newest first, 50 rows, no search or filter.
    init() {}

    init(_ parameters: FormEncodedQuery) {
        page = parameters.pageNumber
        limit = parameters.first("limit").flatMap(Int.init).flatMap { Self.pageSizes.contains($0) ? $0 : nil } ?? 50
        search = String((parameters.first("search") ?? "").trimmingCharacters(in: .whitespaces).prefix(500))
        searchById = parameters.first("searchType") != "content"
        rows = FilterBuilder.rows(parameters)
        let chosen = Set(parameters.all("columns").compactMap(TraceTableColumn.init(rawValue:)))
        if !chosen.isEmpty { columns = TraceTableColumn.allCases.filter(chosen.contains) }
        live = parameters.first("live") == "1"
        peek = parameters.first("peek").flatMap { $0.isEmpty ? nil : $0 }
        if let orderBy = parameters.first("orderBy") {
            let parts = orderBy.split(separator: ".")
            if parts.count == 2, let field = TraceSortField(rawValue: String(parts[0])) {
                order = TraceOrder(field: field, direction: parts[1] == "asc" ? .ascending : .descending)
            }
        }
    }

    /// `field.asc` or `field.desc`, as the API's `orderBy`; nil for the default.
    var orderBy: String? {
        order == .newestFirst ? nil : "\(order.field.rawValue).\(order.direction == .ascending ? "asc" : "desc")"
    }

    var traceSearch: TraceSearch? {
        search.isEmpty ? nil : TraceSearch(text: search, scope: searchById ? .ids : .content)
    }

    /// The download of this view's traces (every page).
    func exportURL(projectId: String, format: ExportFormat) -> String {
        URLText.url(path: URLText.projectPath(projectId, "traces-export"), items: [URLQueryItem(name: "format", value: format.rawValue)] + queryItems)
    }

    /// The URL of this view with a change applied.
    func url(projectId: String, _ change: (inout TraceTableView) -> Void = { _ in }) -> String {
        var view = self
        change(&view)
        return URLText.url(path: URLText.projectPath(projectId, "traces"), items: view.queryItems)
    }

    /// This view with a trace's summary in the side panel.
    func peekURL(projectId: String, traceId: String) -> String {
        URLText.url(path: URLText.projectPath(projectId, "traces"), items: queryItems + [URLQueryItem(name: "peek", value: traceId)])
    }

    /// The view as query parameters (without the peeked trace).
    var queryItems: [URLQueryItem] {
        var items = [URLQueryItem(name: "page", value: String(page)), URLQueryItem(name: "limit", value: String(limit))]
        if !search.isEmpty {
            items += [URLQueryItem(name: "search", value: search), URLQueryItem(name: "searchType", value: searchById ? "id" : "content")]
        }
        items += FilterBuilder.queryItems(rows)
        if let orderBy { items.append(URLQueryItem(name: "orderBy", value: orderBy)) }
        if columns != TraceTableColumn.defaults { items += columns.map { URLQueryItem(name: "columns", value: $0.rawValue) } }
        if live { items.append(URLQueryItem(name: "live", value: "1")) }
        return items
    }
}
