import PostgresNIO

extension PostgresURL {
    /// What the server's certificate must prove.
    enum CertificateCheck: Equatable {
        /// Encryption only: anyone between us and the server could pose as it.
        case none
        /// The certificate chains to a trusted CA, whatever name it carries (`verify-ca`).
        case chain
        /// The certificate chains to a trusted CA and names the host (`verify-full`).
        case chainAndHostname
    }

    /// How the connection uses TLS, as libpq decides it from `sslmode` and `sslrootcert`.
    enum TLSPolicy: Equatable {
        case off
        /// TLS if the server offers it, in the clear otherwise (`allow`, `prefer`).
        case preferred
        case required(CertificateCheck)
    }

    var tlsPolicy: TLSPolicy {
        switch sslMode {
        case .disable: .off
        case .allow, .prefer: .preferred
        // libpq: "if a root CA file exists, the behavior of sslmode=require will be the same
        // as that of verify-ca".
        case .require: .required(sslRootCertificate == nil ? .none : .chain)
        case .verifyCA: .required(.chain)
        case .verifyFull: .required(.chainAndHostname)
        }
    }

    /// The TLS settings of every connection; nil without TLS. Certificates are checked against
    /// `sslrootcert` if given, else against the system's trusted CAs.
    var tlsConfiguration: TLSConfiguration? {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch tlsPolicy {
        case .off:
            return nil
        case .preferred, .required(.none):
            configuration.certificateVerification = .none
        case .required(.chain):
            configuration.certificateVerification = .noHostnameVerification
        case .required(.chainAndHostname):
            configuration.certificateVerification = .fullVerification
        }
        if configuration.certificateVerification != .none, let sslRootCertificate {
            configuration.trustRoots = .file(sslRootCertificate)
        }
        return configuration
    }

    /// The connection pool's configuration.
    var clientConfiguration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS = switch (tlsPolicy, tlsConfiguration) {
        case (.required, let configuration?): .require(configuration)
        case (_, let configuration?): .prefer(configuration)
        case (_, nil): .disable
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls
        )
        if let applicationName { configuration.options.additionalStartupParameters = [("application_name", applicationName)] }
        return configuration
    }

    /// The configuration of a single connection, made outside the pool to learn whether the
    /// server answers. Reads `sslrootcert`, so a missing or unreadable CA file shows here.
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch (tlsPolicy, tlsConfiguration) {
        case (_, nil):
            tls = .disable
        case (let policy, let configuration?):
            let context: NIOSSLContext
            do {
                context = try NIOSSLContext(configuration: configuration)
            } catch {
                throw PostgresStartupError.tlsSetupFailed(endpoint: endpoint, sslRootCertificate: sslRootCertificate, reason: "\(error)")
            }
            tls = policy == .preferred ? .prefer(context) : .require(context)
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls
        )
        if let applicationName { configuration.options.additionalStartupParameters = [("application_name", applicationName)] }
        return configuration
    }
}
