/// The store cannot be reached right now (its database is down, restarting or out of
/// connections), as opposed to a store that refused a statement. Nothing of the failed call was
/// stored, and the same call may succeed later: the server answers 503 with `Retry-After`, which
/// the Langfuse SDKs retry, instead of 500.
public struct StoreUnavailableError: Error, Sendable, CustomStringConvertible {
    /// Which store, and what went wrong, e.g. "PostgreSQL at db:5432/langfarm: connection refused".
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { "the store is unavailable: \(reason)" }
}
