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
        let now = EpochMillis(Date().timeIntervalSince1970 * 1000)
        var envelopes: [JSONValue] = []
        var ids: [String] = []
        for (index, item) in items.enumerated() {
            do {
                let (envelope, id) = try LegacyEventController<Context>.wrap(.createScore, body: item, at: now)
                envelopes.append(envelope)
                ids.append(id)
            } catch let error as APIError {
                throw APIError(.badRequest, "Invalid request data", error: .string("score \(index): \(error.error?.jsonText ?? error.message)"))
            }
        }
        let outcome = await service.ingest(envelopes, principal: principal)
        guard outcome.errors.isEmpty else {
            let byEnvelope = Dictionary(uniqueKeysWithValues: zip(envelopes.compactMap { $0["id"]?.stringValue }, ids))
            let problems = outcome.errors.map { rejection in
                JSONValue.object([
                    "id": .string(byEnvelope[rejection.envelopeId] ?? rejection.envelopeId),
                    "status": .number(Double(rejection.status)), "error": .string(rejection.error),
                ])
            }
            let status: HTTPResponse.Status = outcome.errors.allSatisfy { $0.status == 400 } ? .badRequest : .init(code: outcome.errors[0].status)
            throw APIError(status, "Some scores were not stored; the others were", error: .array(problems))
        }
        return JSONResponse.make(.ok, .array(ids.map { .object(["id": .string($0)]) }))
    }

    @Sendable func delete(request: Request, context: Context) async throws -> Response {
        let principal = try await authenticator.authenticate(request)
        let scoreId = try context.parameters.require("scoreId")
        guard try await store.score(projectId: principal.projectId, id: scoreId) != nil else {
            throw APIError.notFound("Score not found within authorized project")
        }
        let now = EpochMillis(Date().timeIntervalSince1970 * 1000)
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
