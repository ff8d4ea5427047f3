import Hummingbird
import LangfarmCore
import LangfarmStore
import NIOCore

/// `/project/{projectId}/traces-export?format=csv|jsonl&…` and `observations-export`: the
/// traces table's current view (search, filters, sort) or the observations table's (type,
/// filters) as a download, streamed page by page as it is read (`ExportPages`), with no object
/// storage involved.
struct ExportPage<Context: RequestContext> {
    let store: any Store
    let access: ProjectAccess

    func addRoutes(to router: some RouterMethods<Context>) {
        router.get("/project/{projectId}/traces-export", use: exportTraces)
        router.get("/project/{projectId}/observations-export", use: exportObservations)
    }

    @Sendable func exportTraces(request: Request, context: Context) async throws -> Response {
        let projectId = context.parameters.pageID("projectId")
        _ = try await access.page(request, projectId: projectId)
        let (parameters, format) = try Self.read(request)
        let view = TraceTableView(parameters)
        let query = TraceListQuery(
            projectId: projectId, conditions: try Self.conditions { try FilterFormRow.conditions(view.rows) }, search: view.traceSearch,
            order: view.order, page: PageRequest(page: 1, limit: ExportPages<Int>.pageSize), fields: [.io, .metrics]
        )
        let store = store
        let pages = ExportPages<Int>(header: format == .csv ? ExportFormat.traceCSVHeader : nil) { page in
            var pageQuery = query
            pageQuery.page = PageRequest(page: page ?? 1, limit: ExportPages<Int>.pageSize)
            let items = try await store.traces(pageQuery).items
            return (items.map(format.line), items.count < pageQuery.page.limit ? nil : (page ?? 1) + 1)
        }
        return Self.download(pages, name: "traces-\(URLText.segment(projectId))", format: format)
    }

    @Sendable func exportObservations(request: Request, context: Context) async throws -> Response {
        let projectId = context.parameters.pageID("projectId")
        _ = try await access.page(request, projectId: projectId)
        let (parameters, format) = try Self.read(request)
        let view = ObservationTableView(parameters)
        let conditions = try Self.conditions { try view.conditions() }
        let store = store
        let pages = ExportPages<ListPosition>(header: format == .csv ? ExportFormat.observationCSVHeader : nil) { position in
            let result = try await store.observations(ObservationListQuery(
                projectId: projectId, conditions: conditions, paging: .cursor(after: position, limit: ExportPages<ListPosition>.pageSize)
            ))
            return (result.items.map(format.line), result.next)
        }
        return Self.download(pages, name: "observations-\(URLText.segment(projectId))", format: format)
    }
}

extension ExportPage {
    /// The view's parameters and the format, or a 400 that says what is wrong.
    static func read(_ request: Request) throws -> (FormEncodedQuery, ExportFormat) {
        do {
            let parameters = try FormEncodedQuery(request.uri.query ?? "")
            return (parameters, parameters.first("format").flatMap(ExportFormat.init(rawValue:)) ?? .csv)
        } catch {
            throw HTTPError(.badRequest, message: "The export's parameters are wrong: \(error.description)")
        }
    }

    /// The view's conditions, or a 400 that says what is wrong with its filter.
    static func conditions<Column>(_ build: () throws -> [FilterCondition<Column>]) throws -> [FilterCondition<Column>] {
        do {
            return try build()
        } catch let problem as QueryError {
            throw HTTPError(.badRequest, message: "The export's filter is wrong: \(problem.description)")
        }
    }

    static func download<Position>(_ pages: ExportPages<Position>, name: String, format: ExportFormat) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: format.contentType, .contentDisposition: "attachment; filename=\"\(name).\(format.rawValue)\""],
            body: ResponseBody(asyncSequence: pages)
        )
    }
}
