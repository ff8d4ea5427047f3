import Hummingbird
import LangfarmCore
import LangfarmStore

/// `GET /api/public/sessions` (newest first, by when the session's first trace was ingested)
/// and `GET /api/public/sessions/{sessionId}` (the session with all its traces).
struct SessionsController<Context: RequestContext> {
    let authenticator: Authenticator
    let store: any Store

    func addRoutes(to router: Router<Context>) {
        router.get("/api/public/sessions", use: list)
        router.get("/api/public/sessions/{sessionId}", use: session)
    }

    @Sendable func list(request: Request, context: Context) async throws -> Response {
        let principal = try await authenticator.authenticate(request)
        let parameters = try QueryParameters(request)
        let range = try parameters.timeRange(from: "fromTimestamp", to: "toTimestamp")
        let query = SessionListQuery(
            projectId: principal.projectId, from: range.from, to: range.to, environments: parameters.list("environment"),
            page: try parameters.page()
        )
        let page = try await store.sessions(query)
        return JSONResponse.make(.ok, .object([
            "data": .array(page.items.map(APIPresenter.session)),
            "meta": Pagination(query.page).meta(totalItems: page.totalItems),
        ]))
    }

    @Sendable func session(request: Request, context: Context) async throws -> Response {
        let principal = try await authenticator.authenticate(request)
        let sessionId = try context.parameters.requireDecoded("sessionId")
        guard let session = try await store.session(projectId: principal.projectId, id: sessionId) else {
            throw APIError.notFound("Session not found within authorized project")
        }
        let traces = try await store.traces(projectId: principal.projectId, sessionId: sessionId)
        guard case .object(var body) = APIPresenter.session(session) else { throw APIError.serviceUnavailable }
        body["traces"] = .array(traces.map { .object(APIPresenter.traceCore($0)) })
        return JSONResponse.make(.ok, .object(body))
    }
}
