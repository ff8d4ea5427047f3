@testable import LangfarmPostgres
import PostgresNIO
import Testing

/// Reading database URLs as libpq does, and never repeating their password.
@Suite struct PostgresURLTests {
    @Test func readsEveryPartPercentDecoded() throws {
        let url = try PostgresURL(parsing:
            "postgresql://ada%20l:s3cr%40t%2Fx@db.example.com:6543/lang%2Dfarm?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&application_name=lf")
        #expect(url == PostgresURL(
            host: "db.example.com", port: 6543, user: "ada l", password: "s3cr@t/x", database: "lang-farm",
            sslMode: .verifyFull, sslRootCertificate: "/etc/ca.pem", applicationName: "lf"
        ))
        #expect(url.endpoint == "db.example.com:6543")
    }

    @Test func defaultsAreLibpqs() throws {
        let url = try PostgresURL(parsing: "postgres://ada@")
        #expect(url.host == "localhost")
        #expect(url.port == 5432)
        #expect(url.database == "ada", "the database defaults to the user's name")
        #expect(url.password == nil)
        #expect(url.sslMode == .prefer)
        #expect(try PostgresURL(parsing: "postgres://ada:pw@db").database == "ada")
        #expect(try PostgresURL(parsing: "postgres://ada:@db/x").password == "", "an empty password is a password")
        #expect(try PostgresURL(parsing: "postgres://ada:a+b@db/x").password == "a+b", "a plus is not a space")
    }

    @Test func readsIPv6HostsAndUnencodedAtSignsInPasswords() throws {
        let v6 = try PostgresURL(parsing: "postgres://u:p@[::1]:5433/d")
        #expect(v6.host == "::1")
        #expect(v6.port == 5433)
        #expect(v6.endpoint == "[::1]:5433")
        #expect(try PostgresURL(parsing: "postgres://u:p@ss@db/d").password == "p@ss")
    }

    @Test(arguments: [
        ("mysql://u:secretpw@h/d", "must start with postgres:// or postgresql://"),
        ("postgres://u:secretpw@h:99999/d", "the port '99999' is not a number from 1 to 65535"),
        ("postgres://u:secretpw@h:abc/d", "the port 'abc' is not a number"),
        ("postgres://u:secretpw@h/d?sslmode=sometimes", "sslmode 'sometimes' is not one of disable, allow, prefer, require, verify-ca, verify-full"),
        ("postgres://u:secretpw@h1,h2/d", "several hosts are not supported"),
        ("postgres://h/d", "names no user"),
        ("postgres://u:secretpw@h/d?sslcert=/x.pem", "the parameter 'sslcert' is not supported (supported: sslmode, sslrootcert, application_name)"),
        ("postgres://u:secretpw@h/d?password=secretpw", "the parameter 'password' is not supported"),
        ("postgres://u:secretpw@%2Ftmp/d", "Unix-domain sockets are not supported"),
        ("postgres://u:secretpw%zz@h/d", "the password is badly percent-encoded"),
        ("postgres://u:secretpw@[::1/d", "lacks its closing ']'"),
    ])
    func refusesWhatItCannotUseWithoutRepeatingThePassword(url: String, reason: String) {
        #expect {
            try PostgresURL(parsing: url)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("DATABASE_URL must look like postgres://user:password@host:5432/database; got '")
                && text.contains(reason) && !text.contains("secretpw")
        }
    }

    @Test func redactsPasswordsEvenInWhatIsNoURL() throws {
        #expect(PostgresURL.redacting("postgres://ada:p@ss/w0rd@db:5432/x?sslmode=require") == "postgres://ada:***@db:5432/x?sslmode=require")
        #expect(PostgresURL.redacting("host=db password=hunter2 user=ada") == "host=db password=*** user=ada")
        #expect(PostgresURL.redacting("postgres://db/x?user=ada&password=hunter2&sslmode=disable")
                == "postgres://db/x?user=ada&password=***&sslmode=disable")
        #expect(PostgresURL.redacting("postgres://ada@db/x") == "postgres://ada@db/x")
        let url = try PostgresURL(parsing: "postgres://ada:hunter2@db/x?sslmode=require")
        #expect(url.redacted == "postgres://ada:***@db:5432/x?sslmode=require")
    }

    @Test func sslModesMapToTLSAsInLibpq() throws {
        func policy(_ query: String) throws -> PostgresURL.TLSPolicy { try PostgresURL(parsing: "postgres://u:p@h/d?\(query)").tlsPolicy }
        #expect(try policy("sslmode=disable") == .off)
        #expect(try policy("sslmode=allow") == .preferred)
        #expect(try policy("sslmode=prefer") == .preferred)
        #expect(try policy("sslmode=require") == .required(.none))
        #expect(try policy("sslmode=require&sslrootcert=/ca.pem") == .required(.chain), "libpq: require with a CA file verifies like verify-ca")
        #expect(try policy("sslmode=verify-ca&sslrootcert=/ca.pem") == .required(.chain))
        #expect(try policy("sslmode=verify-full") == .required(.chainAndHostname))
    }

    @Test func certificatesAreCheckedAgainstTheGivenCA() throws {
        func tls(_ query: String) throws -> TLSConfiguration? { try PostgresURL(parsing: "postgres://u:p@h/d?\(query)").tlsConfiguration }
        #expect(try tls("sslmode=disable") == nil)
        #expect(try tls("sslmode=prefer")?.certificateVerification == CertificateVerification.none)
        #expect(try tls("sslmode=require")?.certificateVerification == CertificateVerification.none)
        let verifyCA = try #require(try tls("sslmode=verify-ca&sslrootcert=/ca.pem"))
        #expect(verifyCA.certificateVerification == .noHostnameVerification)
        #expect(verifyCA.trustRoots == .file("/ca.pem"))
        let verifyFull = try #require(try tls("sslmode=verify-full"))
        #expect(verifyFull.certificateVerification == .fullVerification)
        #expect(verifyFull.trustRoots == .default, "without sslrootcert, the system's CAs")
    }

    @Test func aMissingCAFileIsReportedByName() throws {
        let url = try PostgresURL(parsing: "postgres://u:secretpw@h/d?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem")
        #expect {
            try url.connectionConfiguration()
        } throws: { error in
            let text = "\(error)"
            return text.contains("sslrootcert '/nonexistent/ca.pem'") && text.contains("h:5432") && !text.contains("secretpw")
        }
    }
}
