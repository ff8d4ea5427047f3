import Foundation
import Hummingbird
import LangfarmCore
import LangfarmStore

/// `/project/{projectId}/users` (users by traces in a time range, with tokens and cost, from the
/// metrics engine, and their first and latest trace of all time) and
/// `/project/{projectId}/users/{userId}` (a user's totals and latest traces).
struct UsersPage<Context: RequestContext> {
    static var rowLimit: Int { 200 }

    let store: any Store
    let access: ProjectAccess
    let templates: PageTemplates

    struct Row {
        let href: String
        let userId: String
        let firstEvent: String
        let lastEvent: String
        let traces: String
        let tokens: String
        let cost: String
    }

    struct LatestTrace {
        let rowCells: [TraceTableCell]
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
        let rows: [LatestTrace]
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
        // Counted apart from tokens and cost: a query for observation measures leaves out
        // traces without observations (as Langfuse's metrics do), and a user whose traces
        // have none is still a user.
        let counted = try await DashboardQuery(
            view: "traces", dimensions: ["userId"], metrics: [("count", "count")], orderBy: ("count_count", "desc"), rowLimit: Self.rowLimit
        ).run(projectId: projectId, from: to - range.millis, to: to, store: store).rows
        let users = counted.compactMap { row -> (userId: String, traces: Double)? in
            guard case .text(let userId)? = row["userId"], !userId.isEmpty else { return nil }
            return (userId, row["count_count"]?.numeric ?? 0)
        }
        // `any of` takes no empty list: without users there is no usage to ask for.
        let usage = users.isEmpty ? [] : try await DashboardQuery(
            view: "traces", dimensions: ["userId"], metrics: [("totalTokens", "sum"), ("totalCost", "sum")],
            filters: [DashboardQuery.filter("userId", "any of", .array(users.map { .string($0.userId) }), type: "stringOptions")],
            rowLimit: Self.rowLimit
        ).run(projectId: projectId, from: to - range.millis, to: to, store: store).rows
        var usageByUser: [String: MetricsRow] = [:]
        for row in usage {
            if case .text(let userId)? = row["userId"] { usageByUser[userId] = row }
        }
        let activity = try await store.userActivity(projectId: projectId, userIds: users.map(\.userId))
        let view = ListView(
            chrome: page.chrome,
            ranges: TimeRange.options(selected: range),
            rows: users.map { userId, traces in
                Row(
                    href: Self.href(projectId: projectId, userId: userId), userId: userId,
                    firstEvent: activity[userId].map { Format.time($0.first) } ?? "", lastEvent: activity[userId].map { Format.time($0.last) } ?? "",
                    traces: Format.integer(traces), tokens: Format.integer(usageByUser[userId]?["sum_totalTokens"]?.numeric ?? 0),
                    cost: Format.cost(usageByUser[userId]?["sum_totalCost"]?.numeric ?? 0)
                )
            },
            limited: counted.count >= Self.rowLimit
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
        let activity = try await store.userActivity(projectId: projectId, userIds: [userId])[userId]
        let byUserFilter = [DashboardQuery.filter("userId", "=", .string(userId), type: "string")]
        // Counted apart from tokens and cost, as in the list.
        let counted = try await DashboardQuery(view: "traces", metrics: [("count", "count")], filters: byUserFilter)
            .run(projectId: projectId, from: to - range.millis, to: to, store: store).rows.first
        let usage = try await DashboardQuery(view: "traces", metrics: [("totalTokens", "sum"), ("totalCost", "sum")], filters: byUserFilter)
            .run(projectId: projectId, from: to - range.millis, to: to, store: store).rows.first
        var tableView = TraceTableView()
        tableView.rows = [FilterFormRow(column: "userId", operator: "=", value: userId)]
        let view = DetailView(
            chrome: page.chrome, userId: userId, rangeLabel: range.label,
            facts: [
                Fact(label: "Traces (all time)", value: Format.integer(Double(latest.totalItems))),
                Fact(label: "Traces", value: Format.integer(counted?["count_count"]?.numeric ?? 0)),
                Fact(label: "Tokens", value: Format.integer(usage?["sum_totalTokens"]?.numeric ?? 0)),
                Fact(label: "Cost", value: Format.cost(usage?["sum_totalCost"]?.numeric ?? 0)),
                Fact(label: "First trace", value: activity.map { Format.time($0.first) } ?? ""),
                Fact(label: "Last trace", value: activity.map { Format.time($0.last) } ?? ""),
            ],
            tracesHref: tableView.url(projectId: projectId),
            rows: latest.items.map { item in
                LatestTrace(rowCells: TraceTableCell.cells(
                    item, columns: [.timestamp, .name, .input, .output, .latency, .cost], scoreNames: [], scores: [],
                    href: TraceLink.href(projectId: projectId, traceId: item.trace.id)
                ))
            }
        )
        return HTMLResponse.page(templates.render(view, .user))
    }
}
