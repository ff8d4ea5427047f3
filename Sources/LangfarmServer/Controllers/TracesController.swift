import Hummingbird
import LangfarmCore
import LangfarmStore

/// `GET /api/public/traces` (a filtered, sorted page of traces) and
/// `GET /api/public/traces/{traceId}`. Rows of other projects are invisible: a trace of
/// another project answers 404 exactly as a missing one does.
struct TracesController<Context: RequestContext> {
    let authenticator: Authenticator
    let store: any Store

    func addRoutes(to router: Router<Context>) {
        router.get("/api/public/traces", use: list)
        router.get("/api/public/traces/{traceId}", use: trace)
    }

    @Sendable func list(request: Request, context: Context) async throws -> Response {
        let principal = try await authenticator.authenticate(request)
        let query = try TraceListRequest.query(projectId: principal.projectId, QueryParameters(request))
        let page = try await store.traces(query)
        return JSONResponse.make(.ok, .object([
            "data": .array(page.items.map { APIPresenter.traceListItem($0, fields: query.fields) }),
            "meta": Pagination(query.page).meta(totalItems: page.totalItems),
        ]))
    }

    @Sendable func trace(request: Request, context: Context) async throws -> Response {
        let principal = try await authenticator.authenticate(request)
        let traceId = try context.parameters.requireDecoded("traceId")
        let fields = TraceListRequest.fields(try QueryParameters(request))
        guard let document = try await Self.document(store: store, projectId: principal.projectId, traceId: traceId, fields: fields) else {
            throw APIError.notFound("Trace \(traceId) not found within authorized project")
        }
        return JSONResponse.make(.ok, document)
    }

    /// The trace as this endpoint answers it, or nil when the project has no such trace; also
    /// the web UI's "Download JSON".
    static func document(store: any Store, projectId: String, traceId: String, fields: TraceFieldGroups = .all) async throws -> JSONValue? {
        guard let row = try await store.trace(projectId: projectId, id: traceId),
              let aggregates = try await store.traceAggregates(projectId: projectId, traceId: traceId)
        else { return nil }
        async let observations = fields.contains(.observations) ? store.observations(projectId: projectId, traceId: traceId) : []
        async let scores = fields.contains(.scores) ? store.scores(projectId: projectId, traceId: traceId) : []
        return APIPresenter.trace(row, aggregates: aggregates, observations: try await observations, scores: try await scores, fields: fields)
    }
}
