import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A task executor with one thread of its own, scheduled below the rest of the server.
///
/// The store's background upkeep runs on such threads: the Kafka relay (encoding every changed
/// row's message, handing it to librdkafka, whose own threads inherit the priority of the
/// thread that creates them) and the search indexer (building index documents). Both only have
/// to keep up on average, while every microsecond that ingestion's commit path waits for a CPU
/// delays every request of a group commit. On a busy machine these threads therefore yield the
/// CPU to ingestion and catch up in the gaps; what they have not done yet waits in the store
/// (the outbox, the search backlog).
///
/// The priority is a Linux nice value (per thread there); elsewhere the thread keeps the
/// default priority.
public final class BackgroundExecutor: TaskExecutor, @unchecked Sendable {
    /// How much lower than the server the thread is scheduled: Linux gives a nice-10 thread
    /// about a tenth of the CPU a normal thread gets while both want it, and all of it otherwise.
    static let niceness: Int32 = 10

    /// Schedules the calling thread, and the threads it creates from now on, at the background
    /// priority.
    public static func lowerCurrentThreadPriority() {
        #if os(Linux)
        // With `who` 0, Linux changes the calling thread only.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
        #endif
    }

    // @unchecked: `jobs` is only touched with `condition` locked.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    /// Starts the thread, which lives as long as the process. `lowersPriority: false` keeps
    /// the default priority: for tests of the services, whose timing should not depend on what
    /// else the machine runs.
    public init(name: String, lowersPriority: Bool = true) {
        let thread = Thread { [self] in
            // Named from inside: on Linux a name set before the start does not reach the system.
            Thread.current.name = name
            if lowersPriority { Self.lowerCurrentThreadPriority() }
            runJobs()
        }
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Runs jobs as they come, for the life of the process (the services that use it live as
    /// long as the server).
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
