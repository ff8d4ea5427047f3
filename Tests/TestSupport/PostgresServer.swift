import Foundation
import Synchronization

/// A PostgreSQL server for tests, shared by the whole test process: started on first use in a
/// temporary directory, on a free loopback port, and stopped when the process exits. Each test
/// asks for a database of its own (`freshDatabaseURL()`), so tests running in parallel never
/// see each other's rows.
///
/// With `LANGFARM_TEST_DATABASE_URL` set (`postgres://user:password@host:5432/postgres`, a role
/// allowed to create databases), the databases are created on that server instead, and nothing
/// is started; they are left there afterwards, named `langfarm_test_…`.
///
/// The throwaway cluster sorts text by a language's rules (ICU's en-US), as production
/// databases usually do, so that a query relying on byte order without asking for it fails here.
public actor PostgresServer {
    private static let shared = PostgresServer()

    /// Where databases are created: a cluster this process started, or the server of
    /// `LANGFARM_TEST_DATABASE_URL`.
    private enum Host {
        case local(LocalCluster)
        case external(URLComponents)
    }

    private var host: Task<Host, any Error>?
    private var databasesCreated = 0

    /// The URL of a new, empty database, connecting by TCP with a password
    /// (`postgres://user:password@127.0.0.1:PORT/NAME`).
    public static func freshDatabaseURL() async throws -> String {
        try await shared.createDatabase()
    }

    private func createDatabase() async throws -> String {
        databasesCreated += 1
        let name = "langfarm_test_\(getpid())_\(databasesCreated)_\(UInt32.random(in: 0...UInt32.max))"
        switch try await startedHost() {
        case .local(let cluster):
            return try await cluster.createDatabase(name)
        case .external(let server):
            var database = server
            database.path = "/\(name)"
            try await Command.run(try Command.psql(), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", server.string ?? "", "-c", "CREATE DATABASE \(name)"])
            return database.string ?? ""
        }
    }

    private func startedHost() async throws -> Host {
        if let host { return try await host.value }
        let starting = Task<Host, any Error> {
            if let url = ProcessInfo.processInfo.environment["LANGFARM_TEST_DATABASE_URL"], !url.isEmpty {
                guard let components = URLComponents(string: url) else {
                    throw PostgresServerError("LANGFARM_TEST_DATABASE_URL is not a URL (postgres://user:password@host:5432/postgres)")
                }
                return .external(components)
            }
            return .local(try await LocalCluster.start())
        }
        host = starting
        return try await starting.value
    }
}

/// Why the test database server could not be used.
public struct PostgresServerError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// A cluster in a temporary directory: initdb, then postgres with its socket in the same
/// directory, a superuser `postgres` that signs in over the socket without a password, and a
/// role `langfarm_test` that tests use over TCP with a password (SCRAM), as servers do.
private struct LocalCluster: Sendable {
    let directory: String
    let port: Int
    let binaries: String
    /// A password that needs percent-encoding in a URL, so that every test goes through the
    /// decoding.
    let password = "pw-\(UInt64.random(in: 0...UInt64.max))@:/%"
    static let role = "langfarm_test"

    /// Root may not run PostgreSQL: its programs then run as the `postgres` user.
    static let runsAsRoot = getuid() == 0

    static func start() async throws -> LocalCluster {
        let binaries = try serverBinaries()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("langfarm-pg-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if runsAsRoot {
            guard let account = getpwnam("postgres") else {
                throw PostgresServerError("tests run as root, so PostgreSQL must run as the user postgres, which does not exist; install the Debian package postgresql")
            }
            guard chown(directory, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
                throw PostgresServerError("cannot give \(directory) to the user postgres: \(String(cString: strerror(errno)))")
            }
        }
        try await Command.run(
            "\(binaries)/initdb",
            ["-D", "\(directory)/data", "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync",
             "--locale=C", "--locale-provider=icu", "--icu-locale=en-US"],
            asPostgres: runsAsRoot, in: directory
        )
        let cluster = try await startServer(in: directory, binaries: binaries)
        try await cluster.psql("CREATE ROLE \(role) LOGIN CREATEDB PASSWORD '\(cluster.password)'")
        return cluster
    }

    /// A free port may be taken before the server binds it; another one then.
    private static func startServer(in directory: String, binaries: String) async throws -> LocalCluster {
        var attempt = 1
        while true {
            let cluster = LocalCluster(directory: directory, port: try freePort(), binaries: binaries)
            do {
                try await cluster.startServer()
                return cluster
            } catch where attempt < 3 {
                attempt += 1
            }
        }
    }

    func createDatabase(_ name: String) async throws -> String {
        try await psql("CREATE DATABASE \(name) OWNER \(Self.role)")
        let password = password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return "postgres://\(Self.role):\(password)@127.0.0.1:\(port)/\(name)"
    }

    /// Runs `postgres` as a child rather than through `pg_ctl start`, so that a server that
    /// cannot start is seen exiting, with its log.
    private func startServer() async throws {
        let log = "\(directory)/log"
        let arguments = [
            "-D", "\(directory)/data", "-p", "\(port)", "-k", directory, "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
        ]
        let (executable, allArguments) = Command.invocation("\(binaries)/postgres", arguments, asPostgres: Self.runsAsRoot)
        let server = try await ChildProcess.start(executable, allArguments, workingDirectory: directory, log: log)
        StopAtExit.register(dataDirectory: "\(directory)/data", directory: directory)
        for _ in 0..<600 {
            if let ended = server.terminationStatus {
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                throw PostgresServerError("postgres exited at start (\(ended)); server log:\n\(text.suffix(2_000))")
            }
            if (try? await psql("SELECT 1")) != nil { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw PostgresServerError("postgres did not accept connections within 30 s; see \(log)")
    }

    /// Runs SQL as the superuser over the socket.
    private func psql(_ sql: String) async throws {
        try await Command.run(
            "\(binaries)/psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", directory, "-p", "\(port)", "-U", "postgres", "-d", "postgres", "-c", sql],
            in: directory
        )
    }

    /// The newest installed server's programs: Debian's /usr/lib/postgresql/VERSION/bin, or
    /// initdb on the PATH (Homebrew and other layouts).
    private static func serverBinaries() throws -> String {
        let debian = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: debian)) ?? []).compactMap(Int.init).sorted(by: >)
        for version in versions where FileManager.default.isExecutableFile(atPath: "\(debian)/\(version)/bin/initdb") {
            return "\(debian)/\(version)/bin"
        }
        if let onPath = Command.onPath("initdb") { return URL(fileURLWithPath: onPath).deletingLastPathComponent().path }
        throw PostgresServerError("""
            the PostgreSQL tests need a PostgreSQL server: install the Debian package postgresql (apt-get install postgresql), \
            or set LANGFARM_TEST_DATABASE_URL to a server where they may create databases
            """)
    }

    /// A port nothing listens on now: bound to port 0, the kernel picks one.
    private static func freePort() throws -> Int {
        #if os(Linux)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw PostgresServerError("cannot open a socket: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw PostgresServerError("cannot find a free port: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Stops the cluster when the test process exits, and removes its directory. A process that
/// crashes leaves its cluster running; the next run starts its own in another directory on
/// another port.
private enum StopAtExit {
    private static let cluster = Mutex<(dataDirectory: String, directory: String)?>(nil)

    private static let installed: Void = { atexit { StopAtExit.stop() } }()

    static func register(dataDirectory: String, directory: String) {
        cluster.withLock { $0 = (dataDirectory, directory) }
        installed
    }

    /// Immediate shutdown (SIGQUIT to the postmaster, whose pid heads postmaster.pid): the
    /// cluster is thrown away, so nothing needs to be flushed. The postmaster removes its pid
    /// file as it exits.
    private static func stop() {
        guard let cluster = cluster.withLock({ $0 }) else { return }
        let pidPath = "\(cluster.dataDirectory)/postmaster.pid"
        guard let pidFile = try? String(contentsOfFile: pidPath, encoding: .utf8),
              let pid = pidFile.split(separator: "\n").first.flatMap({ pid_t($0) })
        else { return }
        kill(pid, SIGQUIT)
        var waited = 0
        while FileManager.default.fileExists(atPath: pidPath), waited < 250 {
            usleep(20_000)
            waited += 1
        }
        try? FileManager.default.removeItem(atPath: cluster.directory)
    }
}

/// Runs the PostgreSQL programs.
private enum Command {
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], asPostgres: Bool = false, in directory: String? = nil) async throws -> String {
        let (program, allArguments) = invocation(executable, arguments, asPostgres: asPostgres)
        let (status, output) = try await ChildProcess.run(program, allArguments, workingDirectory: directory)
        guard status.isSuccess else {
            throw PostgresServerError("\(URL(fileURLWithPath: executable).lastPathComponent) failed (\(status)):\n\(output)")
        }
        return output
    }

    /// `executable` with `arguments`, run as the user postgres through runuser if `asPostgres`.
    static func invocation(_ executable: String, _ arguments: [String], asPostgres: Bool) -> (executable: String, arguments: [String]) {
        asPostgres ? ("/usr/bin/env", ["runuser", "-u", "postgres", "--", executable] + arguments) : (executable, arguments)
    }

    static func psql() throws -> String {
        guard let psql = onPath("psql") else {
            throw PostgresServerError("LANGFARM_TEST_DATABASE_URL is set but psql is not installed: install the Debian package postgresql-client")
        }
        return psql
    }

    static func onPath(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(program)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
