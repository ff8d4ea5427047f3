import Hummingbird
import LangfarmCore

/// An error answered with Langfuse's JSON error shape, `{message, error?}`, and a status.
public struct APIError: HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    public let message: String
    /// Langfuse's error name (`UnauthorizedError`, …) or details of what was wrong.
    public let error: JSONValue?
    /// The key `error` is sent under: `errors` on the ingestion endpoint, as Langfuse does.
    let errorKey: String

    public init(_ status: HTTPResponse.Status, _ message: String, error: JSONValue? = nil) {
        self.init(status, message, error: error, errorKey: "error")
    }

    private init(_ status: HTTPResponse.Status, _ message: String, error: JSONValue?, errorKey: String) {
        self.status = status
        self.message = message
        self.error = error
        self.errorKey = errorKey
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var body: [String: JSONValue] = ["message": .string(message)]
        if let error { body[errorKey] = error }
        return JSONResponse.make(status, .object(body))
    }

    /// An ingestion request whose shape is wrong: `{message, errors: [...]}`.
    static func invalidBatch(_ details: [String]) -> APIError {
        APIError(.badRequest, "Invalid request data", error: .array(details.map(JSONValue.string)), errorKey: "errors")
    }

    static func invalidRequest(_ details: [String]) -> APIError {
        APIError(.badRequest, "Invalid request data", error: .array(details.map(JSONValue.string)))
    }

    static func notFound(_ message: String) -> APIError {
        APIError(.notFound, message, error: .string("LangfuseNotFoundError"))
    }

    static func payloadTooLarge(limit: Int) -> APIError {
        APIError(
            .contentTooLarge, "Request body is larger than the limit of \(limit) bytes; send smaller batches",
            error: .string("PayloadTooLargeError")
        )
    }

    static let serviceUnavailable = APIError(.serviceUnavailable, "Service Unavailable")
}
