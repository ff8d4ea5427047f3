import Foundation

/// Starts child processes one at a time across the whole test run. The suites run in parallel in
/// one process, and Foundation's `Process.run()` on Linux crashed (a bad pointer in its `memcpy`)
/// while two suites launched brokers at once.
public enum ProcessLaunch {
    private static let lock = NSLock()

    public static func run(_ process: Process) throws {
        try lock.withLock { try process.run() }
    }
}
