import Foundation
import Hummingbird
import LangfarmCore
import LangfarmStore

/// `/project/{projectId}/traces`: the traces table, through the same store query as
/// `GET /api/public/traces`.
struct TracesPage<Context: RequestContext> {
    let store: any Store
    let access: ProjectAccess
    let templates: PageTemplates

    struct View {
        struct Row {
            let rowCells: [TraceTableCell]
            let peekHref: String
        }

        struct Header {
            let label: String
            let href: String?
            let sort: String
        }

        struct SavedViewLink {
            let viewName: String
            let viewHref: String
            let viewDeleteAction: String?
        }

        struct ColumnChoice {
            let columnValue: String
            let columnLabel: String
            let columnShown: Bool
        }

        let chrome: Chrome
        let search: String
        let searchById: Bool
        let limits: [Option]
        let filterRows: [FilterRowView]
        let headers: [Header]
        let orderBy: String?
        let columnChoices: [ColumnChoice]
        let live: Bool
        let savedViews: [SavedViewLink]
        /// The session's CSRF token, for members who may save views.
        let saveViewToken: String?
        let saveViewAction: String
        let currentQuery: String
        let csvHref: String
        let jsonlHref: String
        let error: String?
        let total: String
        let rows: [Row]
        let peek: TracePeek?
        let page: Int
        /// The page count, or "many" when a search's count stopped at its limit.
        let pages: String
        let previous: String?
        let next: String?
    }

    /// How many matches a search counts before the table says "more than": every match is
    /// checked against the search text, and a common text matches tens of thousands of traces.
    /// 5,000 is where the store stops reading a page's matches by id (`SQLiteTraceFilter.Plan`):
    /// a smaller limit would send a search with a few thousand matches the slow way.
    static var searchCountLimit: Int { 5_000 }

    func addRoutes(to router: some RouterMethods<Context>) {
        router.get("/project/{projectId}/traces", use: show)
    }

    @Sendable func show(request: Hummingbird.Request, context: Context) async throws -> Response {
        let projectId = context.parameters.pageID("projectId")
        let page = try await access.page(request, projectId: projectId)
        var error: String?
        var view = TraceTableView()
        var result = OffsetPage<TraceListItem>(items: [], totalItems: 0)
        do {
            view = TraceTableView(try FormEncodedQuery(request.uri.query ?? ""))
            let conditions: [FilterCondition<TraceColumn>] = try FilterFormRow.conditions(view.rows)
            var query = TraceListQuery(
                projectId: projectId, conditions: conditions, search: view.traceSearch, order: view.order,
                page: PageRequest(page: view.page, limit: view.limit), fields: [.io, .metrics]
            )
            if query.search != nil { query.countLimit = Self.searchCountLimit }
            result = try await store.traces(query)
        } catch let problem as QueryError {
            error = "Filter not applied: \(problem.description)"
        }
        let capped = view.traceSearch != nil && result.totalItems > Self.searchCountLimit
        let pages = max(1, (result.totalItems + view.limit - 1) / view.limit)
        let hasNext = capped ? result.items.count == view.limit : view.page < pages
        let scores = view.columns.contains(.scores)
            ? try await store.scores(projectId: projectId, traceIds: result.items.map(\.trace.id)) : []
        let scoreNames = Array(Set(scores.map(\.name))).sorted()
        let scoresByTrace = Dictionary(grouping: scores) { $0.traceId ?? "" }
        var peek: TracePeek?
        if let peekedId = view.peek {
            peek = try await TracePeek.load(traceId: peekedId, projectId: projectId, view: view, store: store)
        }
        let html = templates.render(View(
            chrome: page.chrome, search: view.search, searchById: view.searchById,
            limits: TraceTableView.pageSizes.map { Option(value: String($0), label: String($0), selected: $0 == view.limit) },
            filterRows: Self.filterRows(view, projectId: projectId), headers: Self.headers(view, scoreNames: scoreNames, projectId: projectId),
            orderBy: view.orderBy,
            columnChoices: TraceTableColumn.allCases.map {
                View.ColumnChoice(columnValue: $0.rawValue, columnLabel: $0.label, columnShown: view.columns.contains($0))
            },
            live: view.live,
            savedViews: try await store.savedViews(projectId: projectId).map { saved in
                View.SavedViewLink(
                    viewName: saved.name, viewHref: URLText.projectPath(projectId, "traces") + "?" + saved.query,
                    viewDeleteAction: page.role.canChange ? URLText.projectPath(projectId, "saved-views/\(URLText.segment(saved.id))/delete") : nil
                )
            },
            saveViewToken: page.role.canChange ? page.signedIn.session.csrfToken : nil,
            saveViewAction: URLText.projectPath(projectId, "saved-views"), currentQuery: URLText.query(view.queryItems),
            csvHref: view.exportURL(projectId: projectId, format: .csv), jsonlHref: view.exportURL(projectId: projectId, format: .jsonl),
            error: error,
            total: capped
                ? "More than \(Format.integer(Double(Self.searchCountLimit))) traces"
                : "\(Format.integer(Double(result.totalItems))) trace\(result.totalItems == 1 ? "" : "s")",
            rows: result.items.map { item in
                View.Row(
                    rowCells: TraceTableCell.cells(
                        item, columns: view.columns, scoreNames: scoreNames, scores: scoresByTrace[item.trace.id] ?? [],
                        href: TraceLink.href(projectId: projectId, traceId: item.trace.id)
                    ),
                    peekHref: view.peekURL(projectId: projectId, traceId: item.trace.id)
                )
            },
            peek: peek,
            page: view.page, pages: capped ? "many" : String(pages),
            previous: view.page > 1 ? view.url(projectId: projectId) { $0.page -= 1 } : nil,
            next: hasNext ? view.url(projectId: projectId) { $0.page += 1 } : nil
        ), .traces)
        return HTMLResponse.page(html, status: error == nil ? .ok : .badRequest)
    }

    static func filterRows(_ view: TraceTableView, projectId: String) -> [FilterRowView] {
        FilterBuilder.views(view.rows, as: TraceColumn.self) { index in
            view.url(projectId: projectId) { $0.rows.remove(at: index); $0.page = 1 }
        }
    }

    /// The table's column headers; sortable ones link to the view sorted by them (descending
    /// first, then ascending), and `scores` becomes one header per score name.
    static func headers(_ view: TraceTableView, scoreNames: [String], projectId: String) -> [View.Header] {
        view.columns.flatMap { column -> [View.Header] in
            guard column != .scores else { return scoreNames.map { View.Header(label: $0, href: nil, sort: "none") } }
            guard let field = column.sortField else { return [View.Header(label: column.label, href: nil, sort: "none")] }
            let current = view.order.field == field ? view.order.direction : nil
            let next: SortDirection = current == .descending ? .ascending : .descending
            return [View.Header(
                label: column.label,
                href: view.url(projectId: projectId) { $0.order = TraceOrder(field: field, direction: next); $0.page = 1 },
                sort: current.map { $0 == .ascending ? "ascending" : "descending" } ?? "none"
            )]
        }
    }
}
