import Foundation
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
        let outcome = try await service.ingest(try Self.envelopes(of: try await IngestionService.collectBody(request)), principal: principal)
        return JSONResponse.make(JSONResponse.multiStatus, outcome.multiStatusBody)
    }

    /// The batch's envelopes. The body is an argument rather than a local of `ingest`, so that
    /// its bytes are freed once parsed instead of being held while the events are committed.
    private static func envelopes(of body: Data) throws -> [ReceivedEnvelope] {
        switch IngestionRequest.decode(body) {
        case .success(let batch): return batch
        case .failure(let rejection): throw APIError.invalidBatch(rejection.details)
        }
    }
}
