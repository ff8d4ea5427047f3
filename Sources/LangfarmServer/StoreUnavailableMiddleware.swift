import Hummingbird
import LangfarmStore

/// Answers 503 with `Retry-After` for every request that failed because the store could not be
/// reached (`StoreUnavailableError`): authentication, reads and UI pages alike. Without it such
/// a request would get a 500, which clients and load balancers treat as a bug rather than as a
/// moment to wait and retry.
struct StoreUnavailableMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as StoreUnavailableError {
            context.logger.error("The store is unavailable", metadata: ["error": "\(error.reason)"])
            throw APIError.storeUnavailable
        }
    }
}
