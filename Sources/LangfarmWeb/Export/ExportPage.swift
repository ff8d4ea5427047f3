import Hummingbird
import LangfarmCore
import LangfarmStore
import NIOCore

/// `/project/{projectId}/traces-export?format=csv|jsonl&…`: the traces table's current view
/// (search, filters, sort) as a download, streamed page by page as it is read, with no object
/// storage involved. At most `ExportPages.maxRows` traces.
struct ExportPage<Context: RequestContext> {
    let store: any Store
    let access: ProjectAccess

    func addRoutes(to router: some RouterMethods<Context>) {
        router.get("/project/{projectId}/traces-export", use: export)
    }

    @Sendable func export(request: Request, context: Context) async throws -> Response {
        let projectId = context.parameters.pageID("projectId")
        _ = try await access.page(request, projectId: projectId)
        let (parameters, conditions) = try Self.read(request)
        let view = TraceTableView(parameters)
        let format = parameters.first("format").flatMap(ExportFormat.init(rawValue:)) ?? .csv
        let query = TraceListQuery(
            projectId: projectId, conditions: conditions, search: view.traceSearch, order: view.order,
            page: PageRequest(page: 1, limit: ExportPages.pageSize), fields: [.io, .metrics]
        )
        let pages = ExportPages(store: store, query: query, format: format)
        let body = ResponseBody(asyncSequence: pages)
        return Response(
            status: .ok,
            headers: [.contentType: format.contentType, .contentDisposition: "attachment; filename=\"traces-\(URLText.segment(projectId)).\(format.rawValue)\""],
            body: body
        )
    }
}

extension ExportPage {
    /// The view's parameters and conditions, or a 400 that says what is wrong.
    static func read(_ request: Request) throws -> (FormEncodedQuery, [FilterCondition<TraceColumn>]) {
        do {
            let parameters = try FormEncodedQuery(request.uri.query ?? "")
            return (parameters, try FilterFormRow.conditions(TraceTableView(parameters).rows))
        } catch {
            throw HTTPError(.badRequest, message: "The export's filter is wrong: \(error.description)")
        }
    }
}

/// The export's body: one buffer per page of traces, read when the client is ready for it.
struct ExportPages: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    static let maxRows = 200_000
    static let pageSize = 500

    let store: any Store
    let query: TraceListQuery
    let format: ExportFormat

    struct AsyncIterator: AsyncIteratorProtocol {
        let pages: ExportPages
        var page = 0
        var written = 0
        var done = false

        mutating func next() async throws -> ByteBuffer? {
            guard !done else { return nil }
            page += 1
            var buffer = ByteBuffer()
            if page == 1, pages.format == .csv { buffer.writeString(ExportFormat.csvHeader) }
            var query = pages.query
            query.page = PageRequest(page: page, limit: ExportPages.pageSize)
            let result = try await pages.store.traces(query)
            let limit = ExportPages.maxRows
            for item in result.items.prefix(limit - written) { buffer.writeString(pages.format.line(item)) }
            written += result.items.count
            done = result.items.count < query.page.limit || written >= limit
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(pages: self) }
}
