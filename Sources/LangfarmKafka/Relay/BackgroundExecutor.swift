import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A task executor with one thread of its own, scheduled below the rest of the server.
///
/// The relay runs here. Its work (encoding every changed row's message, handing it to
/// librdkafka, whose own threads inherit the priority of the thread that creates them) only
/// has to keep up on average, while every microsecond that ingestion's commit path waits for a
/// CPU delays every request of a group commit. On a busy machine this thread therefore yields
/// the CPU to ingestion and catches up in the gaps; the outbox holds what it has not yet
/// published, and its capacity turns a relay that can no longer keep up into 503s.
///
/// The priority is a Linux nice value (per thread there); elsewhere the thread keeps the
/// default priority.
final class BackgroundExecutor: TaskExecutor, @unchecked Sendable {
    /// The relay's thread, shared by every relay of the process.
    static let relay = BackgroundExecutor(name: "langfarm-relay")

    /// How much lower than the server the thread is scheduled: Linux gives a nice-10 thread
    /// about a tenth of the CPU a normal thread gets while both want it, and all of it otherwise.
    static let niceness: Int32 = 10

    /// Schedules the calling thread, and the threads it creates from now on, at the relay's
    /// priority.
    static func lowerCurrentThreadPriority() {
        #if os(Linux)
        // With `who` 0, Linux changes the calling thread only.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
        #endif
    }

    // @unchecked: `jobs` is only touched with `condition` locked.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    init(name: String) {
        let thread = Thread { [self] in
            // Named from inside: on Linux a name set before the start does not reach the system.
            Thread.current.name = name
            Self.lowerCurrentThreadPriority()
            runJobs()
        }
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Runs jobs as they come, for the life of the process (the relay lives as long as the
    /// server).
    private func runJobs() {
        var batch: [UnownedJob] = []
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            swap(&batch, &jobs)
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
            batch.removeAll(keepingCapacity: true)
        }
    }
}
