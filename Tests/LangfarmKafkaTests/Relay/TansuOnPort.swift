import Foundation
import TestSupport
import LangfarmKafka

#if canImport(Glibc)
import Glibc
#endif

/// A tansu broker on a port chosen beforehand, that can be killed and started again on the same
/// port (what a broker outage looks like to the relay).
///
/// Why not `TansuBroker`: it picks its own port when it starts, so it can neither come up on a
/// port the relay was already pointed at nor come back after a kill. Port choice, readiness check
/// and tool lookup are shared with it (`freeLoopbackPort`, `canConnect`, `KafkaTestEnvironment`).
final class TansuOnPort: @unchecked Sendable {
    let port: UInt16
    private let executable: String
    private let lock = NSLock()
    private var process: Process?
    private let logURL: URL

    var bootstrapServers: String { "127.0.0.1:\(port)" }

    /// Reserves a free port; nothing listens on it until ``start()``.
    init() throws {
        executable = try KafkaTestEnvironment.requireTansu().tansu
        port = try freeLoopbackPort()
        logURL = FileManager.default.temporaryDirectory.appendingPathComponent("tansu-relay-\(port)-\(UUID().uuidString).log")
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(at: logURL)
    }

    /// Starts a fresh broker (memory storage: it knows no topic or message) and waits until it
    /// accepts connections.
    func start() throws {
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        let url = "tcp://127.0.0.1:\(port)"
        process.arguments = ["broker", "--listener-url", url, "--advertised-listener-url", url, "--storage-engine", "memory://tansu/"]
        var environment = ProcessInfo.processInfo.environment
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = nil
        process.environment = environment
        process.standardOutput = log
        process.standardError = log
        try ProcessLaunch.run(process)
        lock.withLock { self.process = process }
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            guard process.isRunning else {
                throw SetupError("tansu exited with status \(process.terminationStatus) on port \(port): \(logText())")
            }
            if canConnect(port: port) { return }
            usleep(50_000)
        }
        kill()
        throw SetupError("tansu did not listen on \(port) within 10 s: \(logText())")
    }

    /// SIGKILL, as a crashed broker (tansu ignores SIGTERM once clients are connected anyway).
    func kill() {
        let running = lock.withLock { () -> Process? in
            defer { process = nil }
            return process
        }
        guard let running, running.isRunning else { return }
        Glibc.kill(running.processIdentifier, SIGKILL)
        running.waitUntilExit()
    }

    private func logText() -> String {
        (try? String(contentsOf: logURL, encoding: .utf8)) ?? "(no log)"
    }
}
