import Foundation
import Hummingbird
import LangfarmCore
import LangfarmStore

/// `/project/{projectId}/users` (users by traces in a time range, with tokens and cost, from the
/// metrics engine) and `/project/{projectId}/users/{userId}` (a user's totals and latest traces).
struct UsersPage<Context: RequestContext> {
    static var rowLimit: Int { 200 }

    let store: any Store
    let access: ProjectAccess
    let templates: PageTemplates

    struct Row {
        let href: String
        let userId: String
        let traces: String
        let tokens: String
        let cost: String
    }

    struct ListView {
        let chrome: Chrome
        let ranges: [Option]
        let rows: [Row]
        let limited: Bool
    }

    struct DetailView {
        let chrome: Chrome
        let userId: String
        let rangeLabel: String
        let facts: [Fact]
        let tracesHref: String
        let rows: [TracesPage<Context>.View.Row]
    }

    func addRoutes(to router: some RouterMethods<Context>) {
        router.get("/project/{projectId}/users", use: list)
        router.get("/project/{projectId}/users/{userId}", use: detail)
    }

    static func href(projectId: String, userId: String) -> String {
        URLText.projectPath(projectId, "users") + "/\(URLText.segment(userId))"
    }

    /// The time range a `range` parameter names, default 30 days.
    static func range(_ request: Request) -> TimeRange {
        TimeRange.named(in: FormEncodedQuery.lenient(request), default: .month)
    }

    @Sendable func list(request: Request, context: Context) async throws -> Response {
        let projectId = context.parameters.pageID("projectId")
        let page = try await access.page(request, projectId: projectId)
        let range = Self.range(request)
        let to = EpochMillis.now
        let rows = try await DashboardQuery(
            view: "traces", dimensions: ["userId"], metrics: [("count", "count"), ("totalTokens", "sum"), ("totalCost", "sum")],
            orderBy: ("count_count", "desc"), rowLimit: Self.rowLimit
        ).run(projectId: projectId, from: to - range.millis, to: to, store: store).rows
        let view = ListView(
            chrome: page.chrome,
            ranges: TimeRange.options(selected: range),
            rows: rows.compactMap { row in
                guard case .text(let userId)? = row["userId"], !userId.isEmpty else { return nil }
                return Row(
                    href: Self.href(projectId: projectId, userId: userId), userId: userId,
                    traces: Format.integer(row["count_count"]?.numeric ?? 0), tokens: Format.integer(row["sum_totalTokens"]?.numeric ?? 0),
                    cost: Format.cost(row["sum_totalCost"]?.numeric ?? 0)
                )
            },
            limited: rows.count >= Self.rowLimit
        )
        return HTMLResponse.page(templates.render(view, .users))
    }

    @Sendable func detail(request: Request, context: Context) async throws -> Response {
        let projectId = context.parameters.pageID("projectId")
        let userId = context.parameters.pageID("userId")
        let page = try await access.page(request, projectId: projectId)
        let byUser = FilterCondition<TraceColumn>(column: .userId, type: .string, operator: .equals, value: .string(userId))
        let latest = try await store.traces(TraceListQuery(
            projectId: projectId, conditions: [byUser], page: PageRequest(page: 1, limit: 20), fields: [.io, .metrics]
        ))
        guard latest.totalItems > 0 else { return access.notFound(page.signedIn, what: "user", project: page.chrome.project) }
        let range = Self.range(request)
        let to = EpochMillis.now
        let totals = try await DashboardQuery(
            view: "traces", metrics: [("count", "count"), ("totalTokens", "sum"), ("totalCost", "sum")],
            filters: [DashboardQuery.filter("userId", "=", .string(userId), type: "string")]
        ).run(projectId: projectId, from: to - range.millis, to: to, store: store).rows.first
        var tableView = TraceTableView()
        tableView.rows = [FilterFormRow(column: "userId", operator: "=", value: userId)]
        let view = DetailView(
            chrome: page.chrome, userId: userId, rangeLabel: range.label,
            facts: [
                Fact(label: "Traces (all time)", value: Format.integer(Double(latest.totalItems))),
                Fact(label: "Traces", value: Format.integer(totals?["count_count"]?.numeric ?? 0)),
                Fact(label: "Tokens", value: Format.integer(totals?["sum_totalTokens"]?.numeric ?? 0)),
                Fact(label: "Cost", value: Format.cost(totals?["sum_totalCost"]?.numeric ?? 0)),
                Fact(label: "Last trace", value: latest.items.first.map { Format.time($0.trace.timestamp) } ?? ""),
            ],
            tracesHref: tableView.url(projectId: projectId),
            rows: latest.items.map { TracesPage<Context>.row($0, projectId: projectId) }
        )
        return HTMLResponse.page(templates.render(view, .user))
    }
}
