import Foundation

/// Where a PostgreSQL database is and how to reach it, read from a URL the way libpq reads one
/// (`postgres://user:password@host:5432/database?sslmode=verify-full&sslrootcert=/etc/ca.pem`),
/// so that the URL a managed database service hands out works unchanged. Only the parts
/// Langfarm supports are accepted: anything else is refused with a message rather than
/// silently ignored, since an ignored `sslcert` or second host would connect differently from
/// what the operator meant.
public struct PostgresURL: Sendable, Equatable {
    /// libpq's `sslmode`: whether to use TLS, and what to check of the server's certificate.
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable
        /// libpq tries without TLS first; the PostgreSQL client can only try TLS first, so
        /// `allow` connects like `prefer`.
        case allow
        case prefer
        case require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode
    /// A file of CA certificates the server's certificate must chain to (`sslrootcert`).
    public var sslRootCertificate: String?
    /// Shown in `pg_stat_activity`, to tell Langfarm's connections from others'.
    public var applicationName: String?

    public static let defaultPort = 5432
    static let schemes = ["postgres://", "postgresql://"]
    static let supportedParameters = ["sslmode", "sslrootcert", "application_name"]

    public init(
        host: String = "localhost", port: Int = PostgresURL.defaultPort, user: String, password: String?, database: String? = nil,
        sslMode: SSLMode = .prefer, sslRootCertificate: String? = nil, applicationName: String? = nil
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database ?? user
        self.sslMode = sslMode
        self.sslRootCertificate = sslRootCertificate
        self.applicationName = applicationName
    }

    /// Reads `postgres[ql]://[user[:password]@][host][:port][/database][?parameters]`. User,
    /// password, database and parameter values are percent-decoded; the host defaults to
    /// localhost, the port to 5432, the database to the user's name and `sslmode` to `prefer`,
    /// as in libpq.
    public init(parsing text: String) throws(PostgresURLError) {
        func refuse(_ reason: String) -> PostgresURLError { PostgresURLError(url: text, reason: reason) }
        guard let scheme = Self.schemes.first(where: { text.hasPrefix($0) }) else {
            throw refuse("it must start with postgres:// or postgresql://")
        }
        var rest = Substring(text.dropFirst(scheme.count))
        var query: Substring = ""
        if let questionMark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: questionMark)...]
            rest = rest[..<questionMark]
        }
        // The last '@' ends the credentials: a password with an unencoded '@' still reads right.
        var credentials: Substring?
        if let at = rest.lastIndex(of: "@") {
            credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        var path: Substring?
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }

        guard let credentials, !credentials.isEmpty else { throw refuse("it names no user (user@host)") }
        let userPart = credentials.prefix { $0 != ":" }
        guard let user = Self.percentDecoded(userPart), !user.isEmpty else { throw refuse("the user name is empty or badly percent-encoded") }
        var password: String?
        if userPart.endIndex < credentials.endIndex {
            guard let decoded = Self.percentDecoded(credentials[credentials.index(after: userPart.endIndex)...]) else {
                throw refuse("the password is badly percent-encoded (write %25 for '%')")
            }
            password = decoded
        }

        let (host, port) = try Self.hostAndPort(rest, refuse: refuse)
        var database = user
        if let path, !path.isEmpty {
            guard let decoded = Self.percentDecoded(path) else { throw refuse("the database name is badly percent-encoded") }
            database = decoded
        }

        self.init(host: host, port: port, user: user, password: password, database: database)
        for parameter in query.split(separator: "&", omittingEmptySubsequences: true) {
            try apply(parameter, refuse: refuse)
        }
    }

    /// `host`, `host:port`, `[ipv6]` or `[ipv6]:port`; empty means localhost.
    private static func hostAndPort(
        _ text: Substring, refuse: (String) -> PostgresURLError
    ) throws(PostgresURLError) -> (String, Int) {
        guard !text.contains(",") else { throw refuse("several hosts are not supported; name one") }
        var hostText = text
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw refuse("the IPv6 address lacks its closing ']'") }
            hostText = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw refuse("expected ':port' after the IPv6 address") }
                portText = after.dropFirst()
            }
        } else if let colon = text.firstIndex(of: ":") {
            hostText = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard var host = percentDecoded(hostText) else { throw refuse("the host is badly percent-encoded") }
        if host.isEmpty { host = "localhost" }
        guard !host.hasPrefix("/") else { throw refuse("Unix-domain sockets are not supported; give a TCP host") }
        var port = defaultPort
        if let portText {
            guard portText.allSatisfy(\.isASCII), let number = Int(portText), (1...65_535).contains(number) else {
                throw refuse("the port '\(portText)' is not a number from 1 to 65535")
            }
            port = number
        }
        return (host, port)
    }

    private mutating func apply(_ parameter: Substring, refuse: (String) -> PostgresURLError) throws(PostgresURLError) {
        let nameText = parameter.prefix { $0 != "=" }
        guard let name = Self.percentDecoded(nameText) else { throw refuse("a parameter name is badly percent-encoded") }
        guard nameText.endIndex < parameter.endIndex,
              let value = Self.percentDecoded(parameter[parameter.index(after: nameText.endIndex)...])
        else { throw refuse("the parameter '\(name)' needs a percent-encoded value (\(name)=…)") }
        switch name {
        case "sslmode":
            guard let mode = SSLMode(rawValue: value) else {
                throw refuse("sslmode '\(value)' is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            sslMode = mode
        case "sslrootcert":
            sslRootCertificate = value
        case "application_name":
            applicationName = value
        default:
            throw refuse("the parameter '\(name)' is not supported (supported: \(Self.supportedParameters.joined(separator: ", ")))")
        }
    }

    /// Percent-decoding as libpq does it: `+` stays a plus; nil for a broken escape or bytes
    /// that are not UTF-8.
    private static func percentDecoded(_ text: Substring) -> String? {
        guard text.contains("%") else { return String(text) }
        return text.removingPercentEncoding
    }

    /// `host:port`, with an IPv6 address in brackets: what messages name the server by.
    public var endpoint: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// The URL with its password replaced by `***`, for logs and messages.
    public var redacted: String {
        var parameters: [String] = ["sslmode=\(sslMode.rawValue)"]
        if let sslRootCertificate { parameters.append("sslrootcert=\(sslRootCertificate)") }
        if let applicationName { parameters.append("application_name=\(applicationName)") }
        let credentials = password == nil ? user : "\(user):***"
        return "postgres://\(credentials)@\(endpoint)/\(database)?\(parameters.joined(separator: "&"))"
    }

    /// `text` with anything that may be a password masked: what lies between `user:` and the last
    /// '@', and the value of a `password=` parameter. Over-masking a URL that is not one is fine:
    /// this is for echoing what an operator typed, which may be malformed in any way.
    public static func redacting(_ text: String) -> String {
        var result = text
        let credentialsStart = result.range(of: "://")?.upperBound ?? result.startIndex
        if let at = result[credentialsStart...].lastIndex(of: "@"),
           let colon = result[credentialsStart..<at].firstIndex(of: ":") {
            result.replaceSubrange(result.index(after: colon)..<at, with: "***")
        }
        var masked = ""
        var rest = Substring(result)
        while let key = rest.range(of: "password=", options: .caseInsensitive) {
            masked += rest[..<key.upperBound] + "***"
            rest = rest[key.upperBound...].drop { $0 != "&" && $0 != " " }
        }
        return masked + rest
    }
}

/// A database URL Langfarm cannot use, with what to change; the password is never repeated.
public struct PostgresURLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL as given, password masked.
    public let redactedURL: String
    public let reason: String

    init(url: String, reason: String) {
        redactedURL = PostgresURL.redacting(url)
        self.reason = reason
    }

    public var description: String {
        "DATABASE_URL must look like postgres://user:password@host:5432/database; got '\(redactedURL)': \(reason)"
    }
}
