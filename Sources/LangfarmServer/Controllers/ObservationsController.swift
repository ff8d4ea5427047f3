import Hummingbird
import LangfarmCore
import LangfarmStore

/// `GET /api/public/observations` (v1: offset pages with totals), `GET /api/public/observations/{id}`
/// and `GET /api/public/v2/observations` (cursor pages, field groups, word search). Rows of
/// other projects are invisible: another project's observation answers 404 as a missing one.
struct ObservationsController<Context: RequestContext> {
    let authenticator: Authenticator
    let store: any Store
    let cursors: CursorCodec

    func addRoutes(to router: Router<Context>) {
        router.get("/api/public/observations", use: list)
        router.get("/api/public/observations/{observationId}", use: observation)
        router.get("/api/public/v2/observations", use: listV2)
    }

    @Sendable func list(request: Request, context: Context) async throws -> Response {
        let principal = try await authenticator.authenticate(request)
        let query = try ObservationListRequest.v1(projectId: principal.projectId, QueryParameters(request))
        let page = try await store.observations(query)
        guard case .offset(let pageRequest) = query.paging else { throw APIError.serviceUnavailable }
        return JSONResponse.make(.ok, .object([
            "data": .array(page.items.map { APIPresenter.observation($0.observation) }),
            "meta": Pagination(pageRequest).meta(totalItems: page.totalItems ?? 0),
        ]))
    }

    @Sendable func observation(request: Request, context: Context) async throws -> Response {
        let principal = try await authenticator.authenticate(request)
        let observationId = try context.parameters.requireDecoded("observationId")
        guard let row = try await store.observation(projectId: principal.projectId, id: observationId) else {
            throw APIError.notFound("Observation \(observationId) not found within authorized project")
        }
        return JSONResponse.make(.ok, APIPresenter.observation(row))
    }

    @Sendable func listV2(request: Request, context: Context) async throws -> Response {
        let principal = try await authenticator.authenticate(request)
        let parameters = try QueryParameters(request)
        let query = try ObservationListRequest.v2(projectId: principal.projectId, parameters, cursors: cursors)
        let fields = ObservationFieldGroups(parameters)
        let expand = Set(parameters.commaSeparated("expandMetadata"))
        let page = try await store.observations(query)
        var meta: [String: JSONValue] = [:]
        if let next = page.next {
            meta["cursor"] = .string(cursors.encode(next, endpoint: ObservationListRequest.cursorEndpoint, projectId: principal.projectId))
        }
        return JSONResponse.make(.ok, .object([
            "data": .array(page.items.map { ObservationV2Presenter.observation($0, fields: fields, expandMetadata: expand) }),
            "meta": .object(meta),
        ]))
    }
}
