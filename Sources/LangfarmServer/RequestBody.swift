import Hummingbird
import NIOCore

/// Reads a request body up to a limit, answering 413 past it. A declared `Content-Length` over
/// the limit is refused before a byte of the body is read: a client announcing gigabytes
/// would otherwise hold a connection, and the memory already read, until the limit is reached.
/// A body must also arrive whole within `timeout` (408 otherwise): the idle timeout closes a
/// connection that stops sending, but not one that trickles a byte now and then, which would
/// hold its share of the body budget for as long as it liked.
enum RequestBody {
    /// How long a client may take to send a whole body (`--body-timeout`), set for each
    /// request by `RequestBodyTimeoutMiddleware`; nil sets no limit.
    @TaskLocal static var timeout: Duration?

    static func collect(_ request: Request, limit: Int) async throws -> ByteBuffer {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw APIError.payloadTooLarge(limit: limit)
        }
        guard let timeout else { return try await collectAll(request, limit: limit) }
        return try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask { try await collectAll(request, limit: limit) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let body = try await group.next() ?? nil else { throw APIError.bodyTimeout(timeout) }
            return body
        }
    }

    private static func collectAll(_ request: Request, limit: Int) async throws -> ByteBuffer {
        var request = request
        do {
            return try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError.payloadTooLarge(limit: limit)
        }
    }
}

/// Gives every request's handler the server's body timeout (`RequestBody.timeout`).
struct RequestBodyTimeoutMiddleware<Context: RequestContext>: RouterMiddleware {
    let timeout: Duration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await RequestBody.$timeout.withValue(timeout) { try await next(request, context) }
    }
}
