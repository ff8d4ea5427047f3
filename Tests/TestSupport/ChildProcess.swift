import Foundation
import Subprocess
import Synchronization
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// A program the tests start and stop (PostgreSQL, tansu), through swift-subprocess.
///
/// Not Foundation's `Process`: on Linux its `run()` lists /proc/self/fd to close inherited
/// descriptors, copying each entry's name as a whole 256-byte field, which reads past the end of
/// the directory buffer. With ~1,300 descriptors open (server tests hold many connections while
/// another suite starts a program) that crashed the whole test process with SIGSEGV in CI.
/// swift-subprocess closes descriptors in the child instead (close_range).
public final class ChildProcess: Sendable {
    public let processIdentifier: pid_t
    private let exit: Task<TerminationStatus, any Error>
    private let ended: Ended

    /// How the program ended, once it has.
    private final class Ended: Sendable {
        let status = Mutex<TerminationStatus?>(nil)
    }

    private init(processIdentifier: pid_t, exit: Task<TerminationStatus, any Error>, ended: Ended) {
        self.processIdentifier = processIdentifier
        self.exit = exit
        self.ended = ended
    }

    /// Starts `executable`, its standard output and error appended to the file at `log`, its
    /// input empty. `unset` names environment variables the child must not inherit.
    public static func start(
        _ executable: String, _ arguments: [String], unset: [String] = [], workingDirectory: String? = nil, log: String
    ) async throws -> ChildProcess {
        let logFile = try FileDescriptor.open(FilePath(log), .writeOnly, options: [.append, .create], permissions: [.ownerReadWrite, .groupRead, .otherRead])
        let ended = Ended()
        let (started, reportStart) = AsyncThrowingStream<pid_t, any Error>.makeStream()
        let exit = Task<TerminationStatus, any Error> {
            defer { try? logFile.close() }
            do {
                let result = try await Subprocess.run(
                    .path(FilePath(executable)), arguments: Arguments(arguments),
                    environment: .inherit.updating(Dictionary(uniqueKeysWithValues: unset.map { (Environment.Key(stringLiteral: $0), nil) })),
                    workingDirectory: workingDirectory.map { FilePath($0) },
                    input: .none, output: .fileDescriptor(logFile, closeAfterSpawningProcess: false), error: .combinedWithOutput
                ) { execution in
                    reportStart.yield(execution.processIdentifier.value)
                    reportStart.finish()
                }
                ended.status.withLock { $0 = result.terminationStatus }
                return result.terminationStatus
            } catch {
                reportStart.finish(throwing: error)
                throw error
            }
        }
        for try await processIdentifier in started {
            return ChildProcess(processIdentifier: processIdentifier, exit: exit, ended: ended)
        }
        throw CancellationError()
    }

    /// How the program ended, or nil while it runs.
    public var terminationStatus: TerminationStatus? { ended.status.withLock { $0 } }

    /// Sends `signal` without waiting for the program to end.
    public func send(_ signal: Int32) {
        guard terminationStatus == nil else { return }
        kill(processIdentifier, signal)
    }

    /// Waits until the program has ended (and its descriptors, ports included, are closed).
    @discardableResult
    public func waitForExit() async throws -> TerminationStatus {
        try await exit.value
    }

    /// Runs `executable` to its end and returns its combined standard output and error.
    public static func run(_ executable: String, _ arguments: [String], workingDirectory: String? = nil) async throws -> (status: TerminationStatus, output: String) {
        let result = try await Subprocess.run(
            .path(FilePath(executable)), arguments: Arguments(arguments),
            workingDirectory: workingDirectory.map { FilePath($0) },
            input: .none, output: .string(limit: 1 << 20), error: .combinedWithOutput
        )
        return (result.terminationStatus, result.standardOutput)
    }
}
