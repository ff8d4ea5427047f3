import LangfarmCore
import LangfarmStore
import Logging
import Metrics
import ServiceLifecycle

/// Expires each project's data past its retention window while the server runs
/// (docs/RETENTION.md). Every `interval` it reads the projects' settings afresh (so a changed
/// window applies at the next pass), deletes what is older in transactions of at most
/// `batchSize` rows of each kind with a pause between them (so ingestion's commits interleave,
/// never wait long, and keep most of the write lock), then gives the freed pages back to the file system a few at a time.
///
/// Every server sharing a store runs it; their passes delete disjoint or already-deleted rows.
public struct RetentionService: Service {
    public struct Settings: Sendable {
        /// How often the projects are checked.
        public var interval: Duration = .seconds(60)
        /// Rows of each kind per transaction.
        public var batchSize = 50
        /// The least pause between two transactions, which lets queued ingestion commits go first.
        public var pause: Duration = .milliseconds(10)
        /// The pause after a transaction is at least this many times as long as it took: expiry
        /// holds the store's write lock for at most 1 / (1 + share) of the time, so ingestion's
        /// commits keep most of it however much is due (docs/RETENTION.md).
        public var pauseShare = 3
        /// Free pages given back per step (4 MiB with SQLite's 4 KiB pages).
        public var pagesPerReclaim = 1_024

        public init() {}
    }

    let store: any Store
    let policy: RetentionPolicy
    let settings: Settings
    let logger: Logger
    private let metrics: RetentionMetrics

    public init(
        store: any Store, policy: RetentionPolicy, settings: Settings = Settings(), logger: Logger,
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) {
        self.store = store
        self.policy = policy
        self.settings = settings
        self.logger = logger
        self.metrics = RetentionMetrics(factory: metricsFactory)
    }

    public func run() async throws {
        // At normal priority, unlike the search indexer: nearly all its work happens while it
        // holds the store's write lock, and a deprioritised thread holding that lock on a busy
        // machine would keep ingestion waiting.
        await cancelWhenGracefulShutdown { await expireUntilCancelled() }
    }

    private func expireUntilCancelled() async {
        while !Task.isCancelled {
            do {
                try await expireDueRows(now: EpochMillis.now)
            } catch is CancellationError {
                return
            } catch {
                // The store failed (busy, unavailable): the next pass finds the same rows.
                metrics.failures.increment()
                logger.error("Retention could not expire old data; trying again at the next pass", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: settings.interval)
        }
    }

    /// One pass: every project's rows older than its window at `now`, then the freed space.
    /// Returns what was deleted in all.
    @discardableResult
    public func expireDueRows(now: EpochMillis) async throws -> ExpiredRows {
        var total = ExpiredRows()
        for project in try await store.projects() {
            let retention = policy.retention(of: project)
            guard let cutoff = retention.cutoff(now: now) else { continue }
            let expired = try await expire(projectId: project.id, before: cutoff)
            if expired != ExpiredRows() {
                logger.info("Expired data older than the retention window", metadata: [
                    "project": "\(project.id)", "retention": "\(retention)", "traces": "\(expired.traces)",
                    "observations": "\(expired.observations)", "scores": "\(expired.scores)",
                ])
            }
            total.add(expired)
        }
        if total != ExpiredRows() { try await reclaimFreeSpace() }
        return total
    }

    private func expire(projectId: String, before cutoff: EpochMillis) async throws -> ExpiredRows {
        var total = ExpiredRows()
        let clock = ContinuousClock()
        while true {
            var expired = ExpiredRows()
            let took = try await clock.measure {
                expired = try await store.expire(projectId: projectId, before: cutoff, limit: settings.batchSize)
            }
            metrics.record(expired)
            total.add(expired)
            guard expired.reached(settings.batchSize) else { return total }
            try await Task.sleep(for: max(settings.pause, took * settings.pauseShare))
        }
    }

    private func reclaimFreeSpace() async throws {
        while true {
            let pages = try await store.reclaimFreeSpace(pages: settings.pagesPerReclaim)
            metrics.reclaimedPages.increment(by: pages)
            guard pages >= settings.pagesPerReclaim else { return }
            try await Task.sleep(for: settings.pause)
        }
    }
}
