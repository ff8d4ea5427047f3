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
            let href: String
            let timestamp: String
            let name: String
            let bookmarked: Bool
            let input: String
            let output: String
            let errors: Int?
            let warnings: Int?
            let latency: String
            let tokens: String
            let cost: String
            let environment: String
            let tags: [String]
            let userId: String
            let sessionId: String
        }

        struct Header {
            let label: String
            let href: String?
            let sort: String
        }

        let chrome: Chrome
        let search: String
        let searchById: Bool
        let limits: [Option]
        let filterRows: [FilterRowView]
        let headers: [Header]
        let orderBy: String?
        let csvHref: String
        let jsonlHref: String
        let error: String?
        let total: String
        let rows: [Row]
        let page: Int
        let pages: Int
        let previous: String?
        let next: String?
    }

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
            result = try await store.traces(TraceListQuery(
                projectId: projectId, conditions: conditions, search: view.traceSearch, order: view.order,
                page: PageRequest(page: view.page, limit: view.limit), fields: [.io, .metrics]
            ))
        } catch let problem as QueryError {
            error = "Filter not applied: \(problem.description)"
        }
        let pages = max(1, (result.totalItems + view.limit - 1) / view.limit)
        let html = templates.render(View(
            chrome: page.chrome, search: view.search, searchById: view.searchById,
            limits: TraceTableView.pageSizes.map { Option(value: String($0), label: String($0), selected: $0 == view.limit) },
            filterRows: Self.filterRows(view, projectId: projectId), headers: Self.headers(view, projectId: projectId),
            orderBy: view.orderBy,
            csvHref: view.exportURL(projectId: projectId, format: .csv), jsonlHref: view.exportURL(projectId: projectId, format: .jsonl),
            error: error,
            total: "\(Format.integer(Double(result.totalItems))) trace\(result.totalItems == 1 ? "" : "s")",
            rows: result.items.map { Self.row($0, projectId: projectId) },
            page: view.page, pages: pages,
            previous: view.page > 1 ? view.url(projectId: projectId) { $0.page -= 1 } : nil,
            next: view.page < pages ? view.url(projectId: projectId) { $0.page += 1 } : nil
        ), .traces)
        return HTMLResponse.page(html, status: error == nil ? .ok : .badRequest)
    }

    static func filterRows(_ view: TraceTableView, projectId: String) -> [FilterRowView] {
        FilterBuilder.views(view.rows, as: TraceColumn.self) { index in
            view.url(projectId: projectId) { $0.rows.remove(at: index); $0.page = 1 }
        }
    }

    /// The table's column headers; sortable ones link to the view sorted by them (descending
    /// first, then ascending).
    static func headers(_ view: TraceTableView, projectId: String) -> [View.Header] {
        let columns: [(String, TraceSortField?)] = [
            ("Timestamp", .timestamp), ("Name", .name), ("Input", nil), ("Output", nil), ("Levels", nil), ("Latency", .latency),
            ("Tokens", .totalTokens), ("Cost", .totalCost), ("Environment", nil), ("Tags", nil), ("User", .userId), ("Session", .sessionId),
        ]
        return columns.map { label, field in
            guard let field else { return View.Header(label: label, href: nil, sort: "none") }
            let current = view.order.field == field ? view.order.direction : nil
            let next: SortDirection = current == .descending ? .ascending : .descending
            return View.Header(
                label: label,
                href: view.url(projectId: projectId) { $0.order = TraceOrder(field: field, direction: next); $0.page = 1 },
                sort: current.map { $0 == .ascending ? "ascending" : "descending" } ?? "none"
            )
        }
    }

    static func row(_ item: TraceListItem, projectId: String) -> View.Row {
        let trace = item.trace
        let levels = item.aggregates.levelCounts
        return View.Row(
            href: TracePage<Context>.href(projectId: projectId, traceId: trace.id),
            timestamp: Format.time(trace.timestamp), name: trace.name ?? "", bookmarked: trace.bookmarked, input: Preview.text(trace.input),
            output: Preview.text(trace.output), errors: levels.error > 0 ? levels.error : nil,
            warnings: levels.warning > 0 ? levels.warning : nil, latency: Format.latency(item.aggregates.latencyMillis),
            tokens: Format.integer(item.aggregates.totalTokens), cost: Format.cost(item.aggregates.totalCost),
            environment: trace.environment, tags: trace.tags, userId: trace.userId ?? "", sessionId: trace.sessionId ?? ""
        )
    }
}
