import Hummingbird
import Synchronization

/// How many requests the server handles at once. Each costs memory while it runs (a read that
/// pages through rows, a UI page, a batch being validated) whether or not it carries a body, so
/// past the cap a request is answered 503 with `Retry-After` at once, before anything of it is
/// read; the Langfuse SDKs retry it. The health check and the Prometheus scrape are always
/// answered, so that an overloaded server is seen as busy rather than dead.
///
/// A request counts from when its head has arrived until its handler returns its response; a
/// response body streamed after that (an export) no longer counts.
public final class RequestsInFlight: Sendable {
    public let capacity: Int
    private let running = Mutex(0)

    /// Paths answered whatever the load.
    static let alwaysAnswered: Set<String> = ["/api/public/health", "/metrics"]

    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// Counts one more request, or returns false when `capacity` are running.
    func enter() -> Bool {
        running.withLock { running in
            guard running < capacity else { return false }
            running += 1
            return true
        }
    }

    func leave() {
        running.withLock { $0 -= 1 }
    }
}

/// Applies the cap to every request but those always answered.
struct RequestsInFlightMiddleware<Context: RequestContext>: RouterMiddleware {
    let limit: RequestsInFlight

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !RequestsInFlight.alwaysAnswered.contains(request.uri.path) else { return try await next(request, context) }
        guard limit.enter() else { throw APIError.tooManyRequestsInFlight(capacity: limit.capacity) }
        defer { limit.leave() }
        return try await next(request, context)
    }
}
