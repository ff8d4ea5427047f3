/// Why a store could not start on its database. Messages name the server by host and port and
/// never carry the password.
public enum PostgresStartupError: Error, Sendable, CustomStringConvertible {
    /// Nothing answered (or the server kept saying it is starting) for the whole start-up budget.
    case unreachable(endpoint: String, waitedSeconds: Int, lastReason: String)
    /// The server answered and said no: a wrong password, an unknown database or user, TLS it
    /// cannot do. Waiting would not change that.
    case refused(endpoint: String, user: String, database: String, reason: String)
    /// The TLS settings cannot be used, e.g. the `sslrootcert` file is missing.
    case tlsSetupFailed(endpoint: String, sslRootCertificate: String?, reason: String)

    public var description: String {
        switch self {
        case .unreachable(let endpoint, let waitedSeconds, let lastReason):
            "PostgreSQL at \(endpoint) did not answer within \(waitedSeconds) s (last error: \(lastReason)); "
                + "check that it is running and that DATABASE_URL names the right host and port"
        case .refused(let endpoint, let user, let database, let reason):
            "PostgreSQL at \(endpoint) refused user '\(user)' for database '\(database)': \(reason); "
                + "check the user, password and database in DATABASE_URL"
        case .tlsSetupFailed(let endpoint, let sslRootCertificate, let reason):
            "cannot set up TLS for PostgreSQL at \(endpoint)"
                + (sslRootCertificate.map { " with sslrootcert '\($0)'" } ?? "") + ": \(reason)"
        }
    }
}
