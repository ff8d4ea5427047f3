import Hummingbird
import LangfarmCore
import LangfarmIngest

/// `POST /api/public/ingestion`: Langfuse's batch endpoint, answered with 207 and per-event
/// outcomes once the accepted events are committed.
struct IngestionController<Context: RequestContext> {
    let authenticator: Authenticator
    let service: IngestionService

    func addRoutes(to router: Router<Context>) {
        router.post("/api/public/ingestion", use: ingest)
    }

    @Sendable func ingest(request: Request, context: Context) async throws -> Response {
        let principal = try await authenticator.authenticate(request, allowed: [.project, .scores], errorName: "UnauthorizedError")
        let body = try await IngestionService.collectBody(request)
        let envelopes: [ReceivedEnvelope]
        switch IngestionRequest.decode(body) {
        case .success(let batch): envelopes = batch
        case .failure(let rejection): throw APIError.invalidBatch(rejection.details)
        }
        let outcome = try await service.ingest(envelopes, principal: principal)
        return JSONResponse.make(JSONResponse.multiStatus, outcome.multiStatusBody)
    }
}
