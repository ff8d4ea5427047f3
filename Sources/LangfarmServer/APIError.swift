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
    /// Seconds for a `Retry-After` header, on answers that ask the client to come back later.
    var retryAfterSeconds: Int? = nil

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
        var response = JSONResponse.make(status, .object(body))
        if let retryAfterSeconds { response.headers[.retryAfter] = String(retryAfterSeconds) }
        return response
    }

    /// An ingestion request whose shape is wrong: `{message, errors: [...]}`.
    static func invalidBatch(_ details: [String]) -> APIError {
        APIError(.badRequest, "Invalid request data", error: .array(details.map(JSONValue.string)), errorKey: "errors")
    }

    static func invalidRequest(_ details: [String]) -> APIError {
        APIError(.badRequest, "Invalid request data", error: .array(details.map(JSONValue.string)))
    }

    /// A read request whose parameters cannot be answered: 400 naming the parameter.
    static func invalidQuery(_ error: QueryError) -> APIError {
        APIError(.badRequest, "Invalid request data: \(error.description)", error: .array([.string(error.description)]))
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

    /// The client did not send its whole body within `RequestBody.timeout`.
    static func bodyTimeout(_ timeout: Duration) -> APIError {
        APIError(
            .requestTimeout, "The request body did not arrive within \(timeout.components.seconds) seconds",
            error: .string("RequestTimeoutError")
        )
    }

    static let serviceUnavailable = APIError(.serviceUnavailable, "Service Unavailable")

    /// The store could not take or answer the request (its database is down or restarting):
    /// nothing of it was stored, and the same request may be sent again in a few seconds.
    static let storeUnavailable = retryLater("The store is unavailable; retry the request", afterSeconds: 5)

    /// The request bodies in flight fill the server's budget (`RequestBodyBudget`).
    static func bodyBudgetFull(capacity: Int) -> APIError {
        retryLater("The server is holding as many request bodies as it may (\(capacity) bytes); retry shortly", afterSeconds: 2)
    }

    /// As many requests as the server handles at once are running (`RequestsInFlight`).
    static func tooManyRequestsInFlight(capacity: Int) -> APIError {
        retryLater("The server is handling as many requests as it may (\(capacity)); retry shortly", afterSeconds: 1)
    }

    /// The change feed's outbox is at its capacity (the broker has been unreachable for long).
    static func outboxFull(depth: Int64) -> APIError {
        retryLater("The Kafka outbox is full (\(depth) changes wait for the broker); retry later", afterSeconds: 30)
    }

    /// A 503 the Langfuse SDKs retry after `Retry-After`: nothing of the request was stored.
    private static func retryLater(_ message: String, afterSeconds seconds: Int) -> APIError {
        var error = APIError(.serviceUnavailable, message, error: .string("ServiceUnavailableError"))
        error.retryAfterSeconds = seconds
        return error
    }
}
