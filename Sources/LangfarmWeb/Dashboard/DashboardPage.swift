import Foundation
import Hummingbird
import LangfarmCore
import LangfarmStore

/// `/project/{projectId}`: Langfuse's home cards over the metrics engine, for a time range and
/// the global filters (`DashboardFilters`).
struct DashboardPage<Context: RequestContext> {
    let store: any Store
    let access: ProjectAccess
    let templates: PageTemplates

    struct TableRow {
        let values: [String]
    }

    struct Table {
        let heading: String
        let columns: [String]
        let cells: [TableRow]
    }

    struct View {
        let chrome: Chrome
        let ranges: [Option]
        let filters: DashboardFilters
        let error: String?
        let traceCount: String
        let totalCost: String
        let generationCount: String
        let tracesOverTime: BarChart
        let costOverTime: BarChart
        let tables: [Table]
    }

    func addRoutes(to router: some RouterMethods<Context>) {
        router.get("/project/{projectId}", use: show)
    }

    @Sendable func show(request: Request, context: Context) async throws -> Response {
        let projectId = context.parameters.pageID("projectId")
        let page = try await access.page(request, projectId: projectId)
        // A query that cannot be read (bad escapes) shows the default dashboard.
        let parameters = FormEncodedQuery.lenient(request)
        let range = TimeRange.named(in: parameters, default: .week)
        let filters = DashboardFilters(parameters)
        // A custom window (`from`, `to`: dates or ISO times, UTC) replaces the range.
        let customFrom = parameters.first("from").flatMap(Self.time)
        let customTo = parameters.first("to").flatMap(Self.time)
        let to = customTo ?? EpochMillis.now
        let from = customFrom.map { min($0, to - 1) } ?? (to - range.millis)
        let cards = DashboardCards(projectId: projectId, from: from, to: to, filters: filters, store: store)
        let html: String
        do {
            let answers = try await cards.answers()
            html = templates.render(view(page, range: range, filters: filters, answers: answers, error: nil), .dashboard)
        } catch let problem as QueryError {
            html = templates.render(view(page, range: range, filters: filters, answers: .empty, error: problem.description), .dashboard)
        }
        return HTMLResponse.page(html)
    }

    /// `2026-10-02` (its start, UTC) or an ISO 8601 time.
    static func time(_ text: String) -> EpochMillis? {
        ISO8601.parse(text.count == 10 ? text + "T00:00:00Z" : text)
    }

    private func view(_ page: ProjectPageContext, range: TimeRange, filters: DashboardFilters, answers: DashboardCards.Answers, error: String?) -> View {
        View(
            chrome: page.chrome,
            ranges: TimeRange.options(selected: range),
            filters: filters, error: error,
            traceCount: Format.integer(answers.traceCount), totalCost: Format.cost(answers.totalCost),
            generationCount: Format.integer(answers.generationCount),
            tracesOverTime: BarChart(title: "Traces over time", points: answers.tracesOverTime) { Format.integer($0) },
            costOverTime: BarChart(title: "Cost over time", points: answers.costOverTime, format: Format.cost),
            tables: [
                Table(heading: "Model costs", columns: ["Model", "Tokens", "Cost"], cells: answers.modelCosts.map {
                    TableRow(values: [$0.name, Format.integer($0.tokens), Format.cost($0.cost)])
                }),
                Table(heading: "Top users by cost", columns: ["User", "Traces", "Cost"], cells: answers.topUsers.map {
                    TableRow(values: [$0.name, Format.integer($0.count), Format.cost($0.cost)])
                }),
                Table(heading: "Traces by name", columns: ["Name", "Traces"], cells: answers.traceNames.map {
                    TableRow(values: [$0.name, Format.integer($0.count)])
                }),
                Self.latencyTable("Generation latency by name", column: "Name", answers.latencies),
                Self.latencyTable("Generation latency by model", column: "Model", answers.modelLatencies),
            ]
        )
    }

    private static func latencyTable(_ heading: String, column: String, _ rows: [DashboardCards.Latency]) -> Table {
        Table(heading: heading, columns: [column, "p50", "p90", "p95", "p99"], cells: rows.map { row in
            TableRow(values: [row.name] + row.percentiles.map { Format.latency(Int64($0.rounded())) })
        })
    }
}
