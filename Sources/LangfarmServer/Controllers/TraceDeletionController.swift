import Hummingbird
import LangfarmCore
import LangfarmStore

/// `DELETE /api/public/traces/{traceId}` and `DELETE /api/public/traces` (`{traceIds}`): removes
/// traces with their observations and scores. Langfuse answers 200 whether or not the trace
/// existed (its deletion is queued); Langfarm deletes at once and answers the same way. With a
/// change feed, every deleted row reaches the lake marked `is_deleted`.
struct TraceDeletionController<Context: RequestContext> {
    let authenticator: Authenticator
    let store: any Store
    let service: IngestionService

    /// Langfuse's limit for one bulk deletion.
    static var maximumTraceIds: Int { 1000 }

    func addRoutes(to router: Router<Context>) {
        router.delete("/api/public/traces/{traceId}", use: deleteOne)
        router.delete("/api/public/traces", use: deleteMany)
    }

    @Sendable func deleteOne(request: Request, context: Context) async throws -> Response {
        let principal = try await authenticator.authenticate(request)
        let traceId = try context.parameters.requireDecoded("traceId")
        try await delete([traceId], principal: principal)
        return JSONResponse.make(.ok, .object(["message": .string("Trace deleted successfully")]))
    }

    @Sendable func deleteMany(request: Request, context: Context) async throws -> Response {
        let principal = try await authenticator.authenticate(request)
        let body = try IngestionService.parseJSON(try await IngestionService.collectBody(request, limit: 1_048_576))
        guard case .array(let values)? = body["traceIds"] else {
            throw APIError.invalidRequest(["traceIds: expected an array of trace ids"])
        }
        let ids = values.compactMap(\.stringValue)
        guard ids.count == values.count, (1...Self.maximumTraceIds).contains(ids.count), ids.allSatisfy({ !$0.isEmpty && $0.utf8.count <= 800 }) else {
            throw APIError.invalidRequest(["traceIds: expected 1 to \(Self.maximumTraceIds) non-empty trace id strings"])
        }
        try await delete(ids, principal: principal)
        return JSONResponse.make(.ok, .object(["message": .string("Traces deleted successfully")]))
    }

    private func delete(_ ids: [String], principal: Principal) async throws {
        try service.refuseWhileOutboxIsFull()
        _ = try await store.deleteTraces(projectId: principal.projectId, ids: ids)
    }
}
