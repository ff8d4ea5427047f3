import Hummingbird
import LangfarmCore
import LangfarmStore

/// Reads by id: `GET /api/public/traces/{traceId}` (with observations and scores) and
/// `GET /api/public/observations/{observationId}`. Rows of other projects are invisible: they
/// answer 404 exactly as a missing id does.
struct ReadController<Context: RequestContext> {
    let authenticator: Authenticator
    let store: any Store

    func addRoutes(to router: Router<Context>) {
        router.get("/api/public/traces/{traceId}", use: trace)
        router.get("/api/public/observations/{observationId}", use: observation)
    }

    @Sendable func trace(request: Request, context: Context) async throws -> Response {
        let principal = try await authenticator.authenticate(request)
        let traceId = try context.parameters.requireDecoded("traceId")
        guard let row = try await store.trace(projectId: principal.projectId, id: traceId) else {
            throw APIError.notFound("Trace \(traceId) not found within authorized project")
        }
        async let observations = store.observations(projectId: principal.projectId, traceId: traceId)
        async let scores = store.scores(projectId: principal.projectId, traceId: traceId)
        return JSONResponse.make(.ok, APIPresenter.trace(row, observations: try await observations, scores: try await scores))
    }

    @Sendable func observation(request: Request, context: Context) async throws -> Response {
        let principal = try await authenticator.authenticate(request)
        let observationId = try context.parameters.requireDecoded("observationId")
        guard let row = try await store.observation(projectId: principal.projectId, id: observationId) else {
            throw APIError.notFound("Observation \(observationId) not found within authorized project")
        }
        return JSONResponse.make(.ok, APIPresenter.observation(row))
    }
}
