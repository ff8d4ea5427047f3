import Foundation
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A real tansu broker (Kafka-compatible, in-memory storage) on a free loopback port, one per
/// test so tests stay independent. Its output goes to a temporary log shown if start-up fails.
final class TansuBroker {
    let port: UInt16
    private let process: Process
    private let logURL: URL

    var bootstrapServers: String { "127.0.0.1:\(port)" }

    init(executable: String) throws {
        port = try freeLoopbackPort()
        logURL = FileManager.default.temporaryDirectory.appendingPathComponent("tansu-\(port)-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        let url = "tcp://127.0.0.1:\(port)"
        process.arguments = [
            "broker", "--listener-url", url, "--advertised-listener-url", url,
            "--storage-engine", "memory://tansu/",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = nil  // tansu would export telemetry
        process.environment = environment
        process.standardOutput = log
        process.standardError = log
        try ProcessLaunch.run(process)
        try waitUntilListening(timeout: 10)
    }

    deinit { stop() }

    /// SIGKILL at once: tansu 0.6.0 does not exit on SIGTERM or SIGINT (waited 15 s) once a
    /// client has connected, and its in-memory storage has nothing to flush.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: logURL)
    }

    private func waitUntilListening(timeout: TimeInterval) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard process.isRunning else {
                throw SetupError("tansu exited with status \(process.terminationStatus): \(logText())")
            }
            if canConnect(port: port) { return }
            usleep(50_000)
        }
        stop()
        throw SetupError("tansu did not listen on \(port) within \(timeout) s: \(logText())")
    }

    private func logText() -> String {
        (try? String(contentsOf: logURL, encoding: .utf8)) ?? "(no log)"
    }
}

/// Runs `body` with a fresh broker and always stops it afterwards.
func withTansu<T>(_ body: (TansuBroker) throws -> T) throws -> T {
    let (tansu, _) = try KafkaTestEnvironment.requireTansu()
    let broker = try TansuBroker(executable: tansu)
    defer { broker.stop() }
    return try body(broker)
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
