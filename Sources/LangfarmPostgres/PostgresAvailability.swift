import Logging
import PostgresNIO

/// Waits at start-up until the database accepts a connection: servers and their database are
/// often started together (compose, Kubernetes), and PostgreSQL may come up a few seconds after
/// Langfarm. A refusal that waiting cannot fix (a wrong password, a missing database, TLS the
/// server does not offer) fails at once instead.
///
/// The probe is one connection made outside the pool on purpose: the pool retries failed
/// connections quietly and only gives up after its own minute, whatever the cause.
enum PostgresAvailability {
    static let firstDelay = Duration.milliseconds(250)
    static let longestDelay = Duration.seconds(5)
    static let longestConnectTimeout = Duration.seconds(10)

    static func wait(for url: PostgresURL, upTo budget: Duration, logger: Logger) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + budget
        var delay = firstDelay
        var attempt = 0
        while true {
            attempt += 1
            let remaining = clock.now.duration(to: deadline)
            guard let error = try await probe(url, connectTimeout: min(longestConnectTimeout, max(remaining, .milliseconds(100))), logger: logger) else {
                if attempt > 1 { logger.info("PostgreSQL at \(url.endpoint) answers now") }
                return
            }
            let reason = PostgresErrorText.describe(error)
            guard isWorthWaitingFor(error) else {
                throw PostgresStartupError.refused(endpoint: url.endpoint, user: url.user, database: url.database, reason: reason)
            }
            let left = clock.now.duration(to: deadline)
            guard left > .zero else {
                logger.error("PostgreSQL at \(url.endpoint) does not answer (\(reason)); giving up after \(budget.components.seconds) s")
                throw PostgresStartupError.unreachable(endpoint: url.endpoint, waitedSeconds: Int(budget.components.seconds), lastReason: reason)
            }
            let pause = min(delay, left)
            logger.error("PostgreSQL at \(url.endpoint) does not answer (\(reason)); trying again in \(milliseconds(pause)) ms")
            try await Task.sleep(for: pause)
            delay = min(delay * 2, longestDelay)
        }
    }

    /// Opens and closes one connection: nil if the server took it, else why not.
    static func probe(_ url: PostgresURL, connectTimeout: Duration, logger: Logger) async throws -> (any Error)? {
        var configuration = try url.connectionConfiguration()
        configuration.options.connectTimeout = .milliseconds(milliseconds(connectTimeout))
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            try await connection.close()
            return nil
        } catch {
            return error
        }
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    /// Whether the server could not be reached or asked us to come back: no route, refused or
    /// reset connections, timeouts, a server starting up or shutting down, or out of connection
    /// slots. Authentication, a missing database and TLS failures are not.
    static func isWorthWaitingFor(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return false }
        if let sqlState = error.serverInfo?[.sqlState] {
            // cannot_connect_now, admin_shutdown, crash_shutdown, too_many_connections, and
            // class 08, connection exceptions
            return ["57P03", "57P01", "57P02", "53300"].contains(sqlState) || sqlState.hasPrefix("08")
        }
        switch error.code {
        case .serverClosedConnection, .uncleanShutdown:
            return true
        case .connectionError:
            return !(error.underlying is NIOSSLError || error.underlying is BoringSSLError)
        default:
            return false
        }
    }
}
