import LangfarmCore
import LangfarmStore
import Logging
import Metrics
import ServiceLifecycle

/// Keeps the content search index up to date while the server runs (docs/SEARCH.md): takes the
/// traces that have been quiet for a moment off the search backlog and indexes their words.
///
/// Searches never wait for it: a trace in the backlog is a search candidate, checked row by
/// row, so every committed write is found at once. The index only makes searching for rare
/// words fast. The service runs on a thread of its own below the server's priority
/// (`BackgroundExecutor`), so on a busy machine it yields to ingestion and catches up in the
/// gaps; each round's index write is short, so ingestion never waits long for the write lock.
public struct SearchIndexService: Service {
    public struct Settings: Sendable {
        /// How long a trace must go unwritten before it is indexed. A trace is written in a
        /// burst (its observations, then their ends and outputs): indexing it once after the
        /// burst costs a fraction of indexing it after every write.
        public var quietPeriod: Duration = .seconds(2)
        /// Traces per round. A round's index write holds the write lock for about 0.1–0.3 ms
        /// per trace whose words changed.
        public var batchSize = 100
        /// How long an idle indexer waits before looking at the backlog again.
        public var idlePoll: Duration = .milliseconds(500)
        /// How often the backlog is counted for the metrics.
        public var statusInterval: Duration = .seconds(10)
        public var initialBackoff: Duration = .seconds(1)
        public var maximumBackoff: Duration = .seconds(30)
        /// The thread the service runs on.
        public var executor: BackgroundExecutor = .searchIndex

        public init() {}
    }

    let indexer: any SearchIndexer
    let settings: Settings
    let logger: Logger
    private let metrics: SearchIndexMetrics

    public init(indexer: any SearchIndexer, settings: Settings = Settings(), logger: Logger, metricsFactory: any MetricsFactory = MetricsSystem.factory) {
        self.indexer = indexer
        self.settings = settings
        self.logger = logger
        self.metrics = SearchIndexMetrics(factory: metricsFactory)
    }

    /// Indexes until the server shuts down, on the indexer's background-priority thread. A
    /// round cut short by the shutdown leaves its traces claimed in the backlog, where the next
    /// start indexes them first.
    public func run() async throws {
        await withTaskExecutorPreference(settings.executor) {
            await cancelWhenGracefulShutdown { await indexUntilCancelled() }
        }
    }

    private func indexUntilCancelled() async {
        var backoff = settings.initialBackoff
        var lastStatus: ContinuousClock.Instant?
        while !Task.isCancelled {
            do {
                let round = try await indexer.indexSettledTraces(quietFor: settings.quietPeriod, limit: settings.batchSize)
                metrics.traces.increment(by: round.traces)
                metrics.documents.increment(by: round.documentsChanged)
                if lastStatus.map({ ContinuousClock.now - $0 >= settings.statusInterval }) ?? true {
                    try await recordBacklog()
                    lastStatus = .now
                }
                backoff = settings.initialBackoff
                // A full round means more has settled: go on at once.
                if round.traces < settings.batchSize { try await Task.sleep(for: settings.idlePoll) }
            } catch is CancellationError {
                return
            } catch {
                // The store failed (busy, disk full): searches still find everything through the
                // backlog, so the indexer retries rather than take the server down.
                metrics.failures.increment()
                logger.error("The search indexer could not index the backlog; retrying", metadata: [
                    "error": "\(error)", "retry_in": "\(backoff)",
                ])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, settings.maximumBackoff)
            }
        }
    }

    private func recordBacklog() async throws {
        let backlog = try await indexer.searchBacklog()
        metrics.backlog.record(backlog.traces)
        metrics.backlogAge.record(Double(backlog.oldestChange.map { max(0, EpochMillis.now - $0) } ?? 0) / 1000)
    }
}

extension BackgroundExecutor {
    /// The search indexer's thread.
    static let searchIndex = BackgroundExecutor(name: "langfarm-search")
}
