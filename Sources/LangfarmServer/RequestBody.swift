import Hummingbird
import NIOCore

/// Reads a request body up to a limit, answering 413 past it. A declared `Content-Length` over
/// the limit is refused before a byte of the body is read: a client announcing gigabytes
/// would otherwise hold a connection, and the memory already read, until the limit is reached.
enum RequestBody {
    static func collect(_ request: Request, limit: Int) async throws -> ByteBuffer {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw APIError.payloadTooLarge(limit: limit)
        }
        var request = request
        do {
            return try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError.payloadTooLarge(limit: limit)
        }
    }
}
