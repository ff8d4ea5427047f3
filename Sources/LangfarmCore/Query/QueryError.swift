/// A read request that cannot be answered as asked: answered with a 400 that names the
/// parameter and says what is wrong, so the caller can fix the request.
public struct QueryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The query parameter (or JSON field inside one) that is wrong: `filter[2].value`, `limit`…
    public let parameter: String
    public let message: String

    public init(_ parameter: String, _ message: String) {
        self.parameter = parameter
        self.message = message
    }

    public var description: String { "\(parameter): \(message)" }
}
