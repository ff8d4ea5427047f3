import Foundation
import Hummingbird
import LangfarmCore
import LangfarmStore

/// `/project/{projectId}/observations`: observations newest first (generations unless another
/// type is chosen) with model, tokens, cost, latency and time to first token, filtered with the
/// same builder and grammar as the API's observation `filter`.
struct ObservationsPage<Context: RequestContext> {
    let store: any Store
    let access: ProjectAccess
    let templates: PageTemplates

    struct Row {
        let href: String
        let start: String
        let type: String
        let name: String
        let model: String
        let traceName: String
        let latency: String
        let timeToFirstToken: String
        let tokens: String
        let cost: String
        let level: String
    }

    struct View {
        let chrome: Chrome
        let types: [Option]
        let filterRows: [FilterRowView]
        let error: String?
        let total: String
        let csvHref: String
        let jsonlHref: String
        let rows: [Row]
        let page: Int
        let pages: Int
        let previous: String?
        let next: String?
    }

    func addRoutes(to router: some RouterMethods<Context>) {
        router.get("/project/{projectId}/observations", use: show)
    }

    @Sendable func show(request: Request, context: Context) async throws -> Response {
        let projectId = context.parameters.pageID("projectId")
        let page = try await access.page(request, projectId: projectId)
        let limit = 50
        var state = ObservationTableView()
        var error: String?
        var result = ListPage<ObservationListItem>(items: [], totalItems: 0, next: nil)
        do {
            state = ObservationTableView(try FormEncodedQuery(request.uri.query ?? ""))
            result = try await store.observations(ObservationListQuery(
                projectId: projectId, conditions: try state.conditions(), paging: .offset(PageRequest(page: state.page, limit: limit))
            ))
        } catch let problem as QueryError {
            error = "Filter not applied: \(problem.description)"
        }
        let total = result.totalItems ?? 0
        let pages = max(1, (total + limit - 1) / limit)
        let view = View(
            chrome: page.chrome,
            types: ObservationTableView.types.map { Option(value: $0, label: $0.isEmpty ? "All types" : $0, selected: $0 == state.type) },
            filterRows: FilterBuilder.views(state.rows, as: ObservationColumn.self) { index in
                state.url(projectId: projectId) { $0.rows.remove(at: index); $0.page = 1 }
            },
            error: error, total: "\(Format.integer(Double(total))) observation\(total == 1 ? "" : "s")",
            csvHref: state.exportURL(projectId: projectId, format: .csv), jsonlHref: state.exportURL(projectId: projectId, format: .jsonl),
            rows: result.items.map { Self.row($0, projectId: projectId) }, page: state.page, pages: pages,
            previous: state.page > 1 ? state.url(projectId: projectId) { $0.page -= 1 } : nil,
            next: state.page < pages ? state.url(projectId: projectId) { $0.page += 1 } : nil
        )
        return HTMLResponse.page(templates.render(view, .observations), status: error == nil ? .ok : .badRequest)
    }

    static func row(_ item: ObservationListItem, projectId: String) -> Row {
        let observation = item.observation
        let usage = observation.usageDetails
        let tokens = usage["total"] ?? ((usage["input"] ?? 0) + (usage["output"] ?? 0))
        return Row(
            href: TraceLink.href(projectId: projectId, traceId: observation.traceId, observationId: observation.id),
            start: Format.time(observation.startTime), type: observation.type, name: observation.name ?? "",
            model: observation.providedModelName ?? "", traceName: item.trace.name ?? "",
            latency: Format.latency(observation.endTime.map { $0 - observation.startTime }),
            timeToFirstToken: Format.latency(observation.completionStartTime.map { $0 - observation.startTime }),
            tokens: usage.isEmpty ? "" : "\(Format.integer(usage["input"] ?? 0)) → \(Format.integer(usage["output"] ?? 0)) (Σ \(Format.integer(tokens)))",
            cost: observation.totalCost.map(Format.cost) ?? "", level: observation.level
        )
    }
}
