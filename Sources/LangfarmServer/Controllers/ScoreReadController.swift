import Hummingbird
import LangfarmCore
import LangfarmStore

/// The score reads: v1 `GET /api/public/scores[/{id}]` (trace scores, as SDK 2 reads them),
/// v2 `GET /api/public/v2/scores[/{id}]` and v3 `GET /api/public/v3/scores` (cursor pages).
/// Another project's score answers 404 as a missing one does.
struct ScoreReadController<Context: RequestContext> {
    let authenticator: Authenticator
    let store: any Store
    let cursors: CursorCodec

    func addRoutes(to router: Router<Context>) {
        router.get("/api/public/scores", use: listV1)
        router.get("/api/public/scores/{scoreId}", use: scoreV1)
        router.get("/api/public/v2/scores", use: listV2)
        router.get("/api/public/v2/scores/{scoreId}", use: scoreV2)
        router.get("/api/public/v3/scores", use: listV3)
    }

    @Sendable func listV1(request: Request, context: Context) async throws -> Response {
        let principal = try await authenticator.authenticate(request)
        let query = try ScoreListRequest.v1v2(projectId: principal.projectId, QueryParameters(request), scope: .traceScoresOfClassicTypes)
        return try await offsetPage(query, includeTrace: true)
    }

    @Sendable func listV2(request: Request, context: Context) async throws -> Response {
        let principal = try await authenticator.authenticate(request)
        let parameters = try QueryParameters(request)
        let fields = Set(parameters.commaSeparated("fields"))
        let includeTrace = fields.isEmpty || fields.contains("trace")
        if !fields.isEmpty, !fields.contains("score") {
            throw APIError.invalidQuery(QueryError("fields", "must include score"))
        }
        if !includeTrace, let name = ["userId", "traceTags"].first(where: { parameters.string($0) != nil }) {
            throw APIError.invalidQuery(QueryError(name, "filters by the score's trace; add trace to fields"))
        }
        return try await offsetPage(try ScoreListRequest.v1v2(projectId: principal.projectId, parameters, scope: .all), includeTrace: includeTrace)
    }

    @Sendable func listV3(request: Request, context: Context) async throws -> Response {
        let principal = try await authenticator.authenticate(request)
        let parameters = try QueryParameters(request)
        let groups = Set(parameters.commaSeparated("fields"))
        if let unknown = groups.subtracting(ScorePresenter.v3Groups.union(["core"])).sorted().first {
            throw APIError.invalidQuery(QueryError("fields", "'\(unknown.prefix(32))' is not a field group; use details, subject or annotation"))
        }
        let query = try ScoreListRequest.v3(projectId: principal.projectId, parameters, cursors: cursors)
        let page = try await store.scores(query)
        guard case .cursor(_, let limit) = query.paging else { throw APIError.serviceUnavailable }
        var meta: [String: JSONValue] = ["limit": .number(Double(limit))]
        if let next = page.next {
            meta["cursor"] = .string(cursors.encode(next, endpoint: ScoreListRequest.cursorEndpoint, projectId: principal.projectId))
        }
        return JSONResponse.make(.ok, .object(["data": .array(page.items.map { ScorePresenter.v3($0, groups: groups) }), "meta": .object(meta)]))
    }

    @Sendable func scoreV1(request: Request, context: Context) async throws -> Response {
        try await score(request: request, context: context)
    }

    @Sendable func scoreV2(request: Request, context: Context) async throws -> Response {
        try await score(request: request, context: context)
    }

    private func score(request: Request, context: Context) async throws -> Response {
        let principal = try await authenticator.authenticate(request)
        let scoreId = try context.parameters.requireDecoded("scoreId")
        guard let row = try await store.score(projectId: principal.projectId, id: scoreId) else {
            throw APIError.notFound("Score not found within authorized project")
        }
        return JSONResponse.make(.ok, APIPresenter.score(row))
    }

    private func offsetPage(_ query: ScoreListQuery, includeTrace: Bool) async throws -> Response {
        let page = try await store.scores(query)
        guard case .offset(let pageRequest) = query.paging else { throw APIError.serviceUnavailable }
        return JSONResponse.make(.ok, .object([
            "data": .array(page.items.map { ScorePresenter.listItem($0, includeTrace: includeTrace) }),
            "meta": Pagination(pageRequest).meta(totalItems: page.totalItems ?? 0),
        ]))
    }
}
