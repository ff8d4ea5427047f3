import Foundation
import Synchronization
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A real tansu broker (Kafka-compatible, in-memory storage) on a free loopback port, one per
/// test so tests stay independent. Its port is chosen when it is made, so it can also be killed
/// and started again on the same port (what a broker outage looks like to the relay). Its output
/// goes to a temporary log shown if start-up fails.
final class TansuBroker: Sendable {
    let port: UInt16
    private let executable: String
    private let logPath: String
    private let running = Mutex<ChildProcess?>(nil)

    var bootstrapServers: String { "127.0.0.1:\(port)" }

    /// Reserves a free port; nothing listens on it until ``start()``.
    init() throws {
        executable = try KafkaTestEnvironment.requireTansu().tansu
        port = try freeLoopbackPort()
        logPath = FileManager.default.temporaryDirectory.appendingPathComponent("tansu-\(port)-\(UUID().uuidString).log").path
    }

    /// A broker that is already listening.
    static func started() async throws -> TansuBroker {
        let broker = try TansuBroker()
        try await broker.start()
        return broker
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: logPath)
    }

    /// Starts a fresh broker (memory storage: it knows no topic or message) and waits until it
    /// accepts connections.
    func start() async throws {
        let url = "tcp://127.0.0.1:\(port)"
        let process = try await ChildProcess.start(
            executable, ["broker", "--listener-url", url, "--advertised-listener-url", url, "--storage-engine", "memory://tansu/"],
            unset: ["OTEL_EXPORTER_OTLP_ENDPOINT"],  // tansu would export telemetry
            log: logPath
        )
        running.withLock { $0 = process }
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if let ended = process.terminationStatus {
                throw SetupError("tansu \(ended) on port \(port): \(logText())")
            }
            if canConnect(port: port) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        await kill()
        throw SetupError("tansu did not listen on \(port) within 10 s: \(logText())")
    }

    /// SIGKILL, as a crashed broker, and waits until it is gone and its port is free. SIGKILL
    /// because tansu 0.6.0 does not exit on SIGTERM or SIGINT once a client has connected, and
    /// its in-memory storage has nothing to flush.
    func kill() async {
        guard let process = running.withLock({ running in defer { running = nil }; return running }) else { return }
        process.send(SIGKILL)
        _ = try? await process.waitForExit()
    }

    /// SIGKILL without waiting: for a broker no test will use again.
    func stop() {
        running.withLock { $0?.send(SIGKILL) }
    }

    private func logText() -> String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "(no log)"
    }
}

/// Runs `body` with a fresh broker and always stops it afterwards.
func withTansu<T>(_ body: (TansuBroker) async throws -> T) async throws -> T {
    let broker = try await TansuBroker.started()
    defer { broker.stop() }
    return try await body(broker)
}

/// A loopback port that was free a moment ago (the kernel picks it; we release it at once).
func freeLoopbackPort() throws -> UInt16 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw SetupError("socket() failed: errno \(errno)") }
    defer { close(fd) }
    var address = loopbackAddress(port: 0)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
        }
    }
    guard bound else { throw SetupError("bind/getsockname failed: errno \(errno)") }
    return UInt16(bigEndian: address.sin_port)
}

func canConnect(port: UInt16) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = loopbackAddress(port: port)
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
    }
}

private func loopbackAddress(port: UInt16) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    return address
}
