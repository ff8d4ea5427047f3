import Foundation
import Hummingbird
import LangfarmCore
import LangfarmStore

/// `/project/{projectId}/traces`: the traces table, through the same store query as
/// `GET /api/public/traces`.
struct TracesPage<Context: RequestContext> {
    static var pageSizes: [Int] { [10, 20, 50, 100] }

    let store: any Store
    let access: ProjectAccess
    let templates: PageTemplates

    /// The view the URL describes; anything it cannot read falls back to the default.
    struct Request {
        var page = 1
        var limit = 50
        var search = ""
        var searchById = true

        init(_ parameters: [String: String]) {
            page = parameters["page"].flatMap(Int.init).map { min(max($0, 1), 100_000) } ?? 1
            limit = parameters["limit"].flatMap(Int.init).flatMap { TracesPage.pageSizes.contains($0) ? $0 : nil } ?? 50
            search = String((parameters["search"] ?? "").trimmingCharacters(in: .whitespaces).prefix(500))
            searchById = parameters["searchType"] != "content"
        }

        /// This view's URL with other parameters, keeping the rest.
        func url(projectId: String, page: Int) -> String {
            var items = [URLQueryItem(name: "page", value: String(page)), URLQueryItem(name: "limit", value: String(limit))]
            if !search.isEmpty {
                items += [URLQueryItem(name: "search", value: search), URLQueryItem(name: "searchType", value: searchById ? "id" : "content")]
            }
            var components = URLComponents()
            components.percentEncodedPath = "/project/\(URLText.segment(projectId))/traces"
            components.queryItems = items
            return components.string ?? components.path
        }
    }

    struct View {
        struct Row {
            let href: String
            let timestamp: String
            let name: String
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

        struct PageSize {
            let value: Int
            let selected: Bool
        }

        let chrome: Chrome
        let search: String
        let searchById: Bool
        let limits: [PageSize]
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
        let projectId = context.parameters.get("projectId") ?? ""
        let page: ProjectPageContext
        switch try await access.check(request, projectId: projectId) {
        case .denied(let response): return response
        case .granted(let granted): page = granted
        }
        var parameters: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { parameters[String(key)] = String(value) }
        let view = Request(parameters)
        let search = view.search.isEmpty ? nil : TraceSearch(text: view.search, scope: view.searchById ? .ids : .content)
        let result = try await store.traces(TraceListQuery(
            projectId: projectId, search: search, page: PageRequest(page: view.page, limit: view.limit), fields: [.io, .metrics]
        ))
        let pages = max(1, (result.totalItems + view.limit - 1) / view.limit)
        let html = templates.render(View(
            chrome: page.chrome, search: view.search, searchById: view.searchById,
            limits: Self.pageSizes.map { View.PageSize(value: $0, selected: $0 == view.limit) },
            total: "\(Format.integer(Double(result.totalItems))) trace\(result.totalItems == 1 ? "" : "s")",
            rows: result.items.map { Self.row($0, projectId: projectId) },
            page: view.page, pages: pages,
            previous: view.page > 1 ? view.url(projectId: projectId, page: view.page - 1) : nil,
            next: view.page < pages ? view.url(projectId: projectId, page: view.page + 1) : nil
        ), .traces)
        return HTMLResponse.page(html)
    }

    static func row(_ item: TraceListItem, projectId: String) -> View.Row {
        let trace = item.trace
        let levels = item.aggregates.levelCounts
        return View.Row(
            href: TracePage<Context>.href(projectId: projectId, traceId: trace.id),
            timestamp: Format.time(trace.timestamp), name: trace.name ?? "", input: Preview.text(trace.input),
            output: Preview.text(trace.output), errors: levels.error > 0 ? levels.error : nil,
            warnings: levels.warning > 0 ? levels.warning : nil, latency: Format.latency(item.aggregates.latencyMillis),
            tokens: Format.integer(item.aggregates.totalTokens), cost: Format.cost(item.aggregates.totalCost),
            environment: trace.environment, tags: trace.tags, userId: trace.userId ?? "", sessionId: trace.sessionId ?? ""
        )
    }
}
