/// Why one event (or a whole request) was refused, in words a user can act on.
public struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
