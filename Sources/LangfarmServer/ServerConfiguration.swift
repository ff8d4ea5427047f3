import LangfarmStore

/// Everything `langfarm serve` needs to know, resolved from flags and environment.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The `SALT` API secrets are hashed with.
    public var salt: String
    /// Mark the UI's cookies `Secure` (`LANGFARM_SECURE_COOKIES=true`): when the UI is served
    /// over HTTPS, e.g. behind a TLS-terminating proxy.
    public var secureCookies: Bool
    /// How long a connection may go without a whole request head before it is closed.
    public var idleTimeout: Duration
    /// Bytes of request bodies held at once across requests (`RequestBodyBudget`).
    public var maxBodyBytesInFlight: Int
    public static let defaultMaxBodyBytesInFlight = 64 * 1_048_576
    /// Connections kept open at once (`ConnectionTable`); nil: as many as the system allows.
    public var maxConnections: Int?
    /// Requests handled at once (`RequestsInFlight`).
    public var maxRequestsInFlight: Int
    public static let defaultMaxRequestsInFlight = 1_024
    /// How long a client may take to send a whole request body (`RequestBody.timeout`).
    public var bodyTimeout: Duration
    public static let defaultBodyTimeout: Duration = .seconds(60)
    /// Which retention window applies to each project (`LANGFUSE_RETENTION_DAYS` is the default).
    public var retention: RetentionPolicy

    public init(
        host: String, port: Int, salt: String, secureCookies: Bool = false, idleTimeout: Duration = .seconds(60),
        maxBodyBytesInFlight: Int = defaultMaxBodyBytesInFlight, maxRequestsInFlight: Int = defaultMaxRequestsInFlight,
        maxConnections: Int? = nil, bodyTimeout: Duration = defaultBodyTimeout, retention: RetentionPolicy = RetentionPolicy()
    ) {
        self.maxConnections = maxConnections
        self.maxRequestsInFlight = maxRequestsInFlight
        self.bodyTimeout = bodyTimeout
        self.retention = retention
        self.host = host
        self.port = port
        self.idleTimeout = idleTimeout
        self.maxBodyBytesInFlight = maxBodyBytesInFlight
        self.salt = salt
        self.secureCookies = secureCookies
    }
}

/// The version `GET /api/public/health` reports.
public enum LangfarmVersion {
    public static let current = "0.1.0"
}
