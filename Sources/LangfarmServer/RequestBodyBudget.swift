import Hummingbird
import Synchronization

/// How many bytes of request bodies the server holds at once, across every request. A body
/// costs many times its size while it is parsed and validated, so without a cap enough large
/// concurrent batches (or clients that send one and never finish) exhaust memory. A request
/// that does not fit is answered 503 with `Retry-After` before its body is read: the Langfuse
/// SDKs retry it, and nothing of it was stored.
///
/// A request reserves its declared `Content-Length`, or the largest body any endpoint takes
/// when it declares none (chunked), and gives it back when its answer is sent. One request is
/// always admitted when nothing else is in flight, whatever its size, so that no body below
/// an endpoint's own limit can be refused forever.
public final class RequestBodyBudget: Sendable {
    /// The largest body an endpoint takes (`OTLPBody.bodyLimit`); what a request reserves at most.
    static let largestBody = OTLPBody.bodyLimit

    public let capacity: Int
    private let used = Mutex(0)

    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// Reserves `bytes`, or returns false when they do not fit beside what is in flight.
    func reserve(_ bytes: Int) -> Bool {
        used.withLock { used in
            guard used == 0 || used + bytes <= capacity else { return false }
            used += bytes
            return true
        }
    }

    func release(_ bytes: Int) {
        used.withLock { $0 -= bytes }
    }

    /// The reservation of the request being handled, set by `RequestBodyBudgetMiddleware`.
    @TaskLocal static var current: Reservation?

    /// What one request holds of the budget. A request whose cost shows only once its body is
    /// read grows it (`grow(to:)`): an OTLP export of many tiny spans costs far more than its
    /// bytes (`OTLPController`).
    final class Reservation: Sendable {
        let budget: RequestBodyBudget
        private let held: Mutex<Int>

        init(budget: RequestBodyBudget, bytes: Int) {
            self.budget = budget
            held = Mutex(bytes)
        }

        var bytes: Int { held.withLock { $0 } }

        /// Holds at least `total` bytes, or returns false when the increase does not fit beside
        /// the other requests in flight (alone, a request always fits).
        func grow(to total: Int) -> Bool {
            held.withLock { held in
                guard total > held else { return true }
                let extra = total - held
                let fits = budget.used.withLock { used in
                    guard used == held || used + extra <= budget.capacity else { return false }
                    used += extra
                    return true
                }
                if fits { held = total }
                return fits
            }
        }
    }
}

/// Applies the budget to every request that carries a body.
struct RequestBodyBudgetMiddleware<Context: RequestContext>: RouterMiddleware {
    let budget: RequestBodyBudget

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard [.post, .put, .patch].contains(request.method) else { return try await next(request, context) }
        let declared = request.headers[.contentLength].flatMap(Int.init) ?? RequestBodyBudget.largestBody
        let bytes = min(max(declared, 0), RequestBodyBudget.largestBody)
        guard budget.reserve(bytes) else { throw APIError.bodyBudgetFull(capacity: budget.capacity) }
        let reservation = RequestBodyBudget.Reservation(budget: budget, bytes: bytes)
        defer { budget.release(reservation.bytes) }
        return try await RequestBodyBudget.$current.withValue(reservation) { try await next(request, context) }
    }
}
