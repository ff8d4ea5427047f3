import Foundation
import Hummingbird
import LangfarmCore
import LangfarmIngest

/// The single-event endpoints of older SDKs: `POST /api/public/traces`, `POST|PATCH
/// /api/public/generations`, `POST|PATCH /api/public/spans`, `POST /api/public/events`.
/// Each answers 200 `{id}` once the event is committed, or the event's error status.
struct LegacyEventController<Context: RequestContext> {
    let authenticator: Authenticator
    let service: IngestionService

    func addRoutes(to router: Router<Context>) {
        router.post("/api/public/traces") { request, context in try await handle(.createTrace, request) }
        router.post("/api/public/generations") { request, context in try await handle(.createGeneration, request) }
        router.patch("/api/public/generations") { request, context in try await handle(.updateGeneration, request) }
        router.post("/api/public/spans") { request, context in try await handle(.createSpan, request) }
        router.patch("/api/public/spans") { request, context in try await handle(.updateSpan, request) }
        router.post("/api/public/events") { request, context in try await handle(.createEvent, request) }
    }

    func handle(_ endpoint: LegacyEndpoint, _ request: Request) async throws -> Response {
        let principal = try await authenticator.authenticate(request)
        let body = try IngestionService.parseJSON(try await IngestionService.collectBody(request))
        return try await Self.ingestSingle(endpoint, body: body, principal: principal, service: service)
    }

    /// Wraps one body in an envelope, ingests it, and answers `{id}` or the event's error.
    static func ingestSingle(
        _ endpoint: LegacyEndpoint, body: JSONValue, principal: Principal, service: IngestionService
    ) async throws -> Response {
        let now = EpochMillis.now
        let (envelope, id) = try wrap(endpoint, body: body, at: now)
        let outcome = try await service.ingest([ReceivedEnvelope(envelope)], principal: principal)
        if let rejection = outcome.errors.first {
            throw APIError(.init(code: rejection.status), rejection.message, error: .string(rejection.error))
        }
        return JSONResponse.make(.ok, .object(["id": .string(id)]))
    }

    private static func wrap(_ endpoint: LegacyEndpoint, body: JSONValue, at now: EpochMillis) throws -> (JSONValue, String) {
        switch endpoint.envelope(for: body, receivedAt: now) {
        case .success(let wrapped): return (wrapped.envelope, wrapped.id)
        case .failure(let rejection): throw APIError.invalidRequest(rejection.details)
        }
    }
}
