import Foundation
import Hummingbird
import LangfarmCore
import LangfarmIngest
import LangfarmStore

/// `POST /api/public/scores` (one score, or the JSON array SDK 5.x sends; a public key alone is
/// enough, as in Langfuse) and `DELETE /api/public/scores/{scoreId}`.
struct ScoresController<Context: RequestContext> {
    let authenticator: Authenticator
    let service: IngestionService
    let store: any Store

    func addRoutes(to router: Router<Context>) {
        router.post("/api/public/scores", use: create)
        router.delete("/api/public/scores/{scoreId}", use: delete)
    }

    @Sendable func create(request: Request, context: Context) async throws -> Response {
        let principal = try await authenticator.authenticate(request, allowed: [.project, .scores])
        let body = try IngestionService.parseJSON(try await IngestionService.collectBody(request))
        guard case .array(let items) = body else {
            return try await LegacyEventController<Context>.ingestSingle(.createScore, body: body, principal: principal, service: service)
        }
        return try await createBatch(items, principal: principal)
    }

    /// The JSON array SDK 5.x sends, answered as that SDK expects: 202 `{message: "Accepted"}`
    /// when every score is stored, else 207 `{accepted, rejected, errors: [{message}]}` with the
    /// valid scores stored.
    private func createBatch(_ items: [JSONValue], principal: Principal) async throws -> Response {
        let now = EpochMillis.now
        var envelopes: [JSONValue] = []
        var scoreIds: [String: String] = [:]
        var problems: [String] = []
        for (index, item) in items.enumerated() {
            switch LegacyEndpoint.createScore.envelope(for: item, receivedAt: now) {
            case .success(let wrapped):
                envelopes.append(wrapped.envelope)
                scoreIds[wrapped.envelope["id"]?.stringValue ?? ""] = wrapped.id
            case .failure(let rejection):
                problems.append("scores[\(index)]: \(rejection.details.joined(separator: "; "))")
            }
        }
        let outcome = try await service.ingest(envelopes.map { ReceivedEnvelope($0) }, principal: principal)
        problems += outcome.errors.map { "score \(scoreIds[$0.envelopeId] ?? $0.envelopeId): \($0.error)" }
        guard problems.isEmpty else {
            return JSONResponse.make(JSONResponse.multiStatus, .object([
                "accepted": .number(Double(items.count - problems.count)),
                "rejected": .number(Double(problems.count)),
                "errors": .array(problems.map { .object(["message": .string($0)]) }),
            ]))
        }
        return JSONResponse.make(.accepted, .object(["message": .string("Accepted")]))
    }

    @Sendable func delete(request: Request, context: Context) async throws -> Response {
        let principal = try await authenticator.authenticate(request)
        let scoreId = try context.parameters.requireDecoded("scoreId")
        guard try await store.score(projectId: principal.projectId, id: scoreId) != nil else {
            throw APIError.notFound("Score not found within authorized project")
        }
        let now = EpochMillis.now
        let envelope: JSONValue = .object([
            "id": .string(UUID().uuidString.lowercased()),
            "type": .string(EventType.scoreDelete.rawValue),
            "timestamp": .string(ISO8601.format(now)),
            "body": .object(["id": .string(scoreId)]),
        ])
        guard case .success(let event) = EventNormaliser.normaliseStored(envelope) else {
            throw APIError(.internalServerError, "Could not record the deletion")
        }
        try await service.committer.commit(EventBatch(projectId: principal.projectId, events: [event], receivedAt: now))
        return JSONResponse.make(.accepted, .object(["message": .string("Score deleted successfully")]))
    }
}
