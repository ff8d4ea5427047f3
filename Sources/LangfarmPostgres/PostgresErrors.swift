import Foundation
import PostgresNIO

/// A statement PostgreSQL refused. PostgresNIO's own errors describe themselves with a generic
/// sentence (so that they cannot leak into HTTP responses); this keeps what the server said,
/// which an operator needs, and the SQLSTATE the store decides by.
public struct PostgresStatementError: Error, Sendable, CustomStringConvertible {
    /// The five-character SQLSTATE, e.g. `23505` for a unique violation; nil when the failure
    /// did not come from the server (a dropped connection).
    public let sqlState: String?
    /// The constraint a violation broke, as the schema names it.
    public let constraint: String?
    public let message: String
    /// The connection failed rather than the statement: the server went away, is restarting or
    /// has no connection slots left. The store reports these as `StoreUnavailableError`.
    let isConnectionFailure: Bool

    private init(sqlState: String?, constraint: String?, message: String, isConnectionFailure: Bool) {
        self.sqlState = sqlState
        self.constraint = constraint
        self.message = message
        self.isConnectionFailure = isConnectionFailure
    }

    /// The connection had closed (the server went away) before the statement could be sent.
    static let connectionClosed = PostgresStatementError(
        sqlState: nil, constraint: nil, message: "the connection to the server has closed", isConnectionFailure: true
    )

    init(_ error: any Error) {
        let serverInfo = (error as? PSQLError)?.serverInfo
        sqlState = serverInfo?[.sqlState]
        constraint = serverInfo?[.constraintName]
        message = PostgresErrorText.describe(error)
        isConnectionFailure = PostgresAvailability.isWorthWaitingFor(error)
    }

    var isUniqueViolation: Bool { sqlState == "23505" }
    var isForeignKeyViolation: Bool { sqlState == "23503" }
    /// Either: the statement broke a key of the schema.
    var isConstraintViolation: Bool { isUniqueViolation || isForeignKeyViolation }

    public var description: String { "PostgreSQL refused a statement: \(message)" }
}

/// Readable text for errors out of PostgresNIO and SwiftNIO. Never contains the password: the
/// server does not repeat it and the client's configuration is not printed.
enum PostgresErrorText {
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as PSQLError:
            return describe(error)
        case let error as NIOConnectionError:
            if let failure = error.connectionErrors.first { return describe(failure.error) }
            if let dns = error.dnsAError ?? error.dnsAAAAError { return "cannot resolve \(error.host): \(dns)" }
            return "cannot connect to \(error.host):\(error.port)"
        case let error as IOError:
            return String(cString: strerror(error.errnoCode))
        case let error as ChannelError:
            if case .connectTimeout(let timeout) = error { return "no answer within \(timeout.nanoseconds / 1_000_000) ms" }
            return "\(error)"
        default:
            return String(describing: error)
        }
    }

    private static func describe(_ error: PSQLError) -> String {
        if let server = error.serverInfo, let message = server[.message] {
            var text = message
            if let detail = server[.detail] { text += " (\(detail))" }
            if let sqlState = server[.sqlState] { text += " [SQLSTATE \(sqlState)]" }
            return text
        }
        switch error.code {
        case .sslUnsupported:
            return "the server does not offer TLS, which sslmode requires"
        case .serverClosedConnection:
            return "the server closed the connection"
        case .connectionError, .uncleanShutdown:
            return error.underlying.map(describe) ?? "the connection failed"
        default:
            return error.underlying.map { "\(error.code): \(describe($0))" } ?? "\(error.code)"
        }
    }
}
