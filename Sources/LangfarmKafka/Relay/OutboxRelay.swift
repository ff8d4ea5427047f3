import Foundation
import LangfarmCore
import LangfarmStore
import Logging
import Metrics
import ServiceLifecycle

/// Publishes the outbox to the broker, oldest change first, and clears what the broker
/// acknowledged. HTTP requests never wait for it: the store made their changes durable, and the
/// relay catches up after any outage. It runs on a thread of its own below the server's
/// priority (`BackgroundExecutor`), so that on a busy machine it never slows ingestion down.
///
/// Changes are cleared only as an unbroken prefix: when a change fails and may succeed later,
/// it and everything after it are sent again on the next round (after a backoff), so a trace's
/// records keep their order and a crash can only repeat a change with the same version. A change
/// the broker refuses for good is kept in the dead-letter table, logged with what it concerns.
///
/// Every server sharing a store runs a relay, and one of them publishes at a time: the one
/// holding the store's lease (`ChangeFeed.claimRelayLease`), which it renews every third of
/// the lease. The others wait, and one takes over within a lease and a retry of its holder's
/// last renewal, from the last change the store saw cleared.
public struct OutboxRelay: Service {
    public struct Settings: Sendable {
        /// Changes handed to the broker per round.
        public var batchSize = 500
        /// How often an idle relay looks for new changes.
        public var idlePoll: Duration = .milliseconds(50)
        /// How long after its start a round that was not a full batch waits before the next:
        /// a relay that keeps up then sends fewer, larger produce requests, which cost the
        /// broker and librdkafka less per change. A relay behind by a full batch goes on at once.
        public var roundInterval: Duration = .milliseconds(100)
        public var initialBackoff: Duration = .milliseconds(250)
        public var maximumBackoff: Duration = .seconds(15)
        /// How often published changes are cleared from the store. Clearing is a durable write
        /// transaction competing with ingestion, so it is batched; a crash in between only
        /// publishes those changes again, with the same versions.
        public var clearInterval: Duration = .seconds(1)
        /// How long a claim of the feed lasts unless renewed.
        public var lease: Duration = .seconds(10)
        /// How often a relay without the lease tries to claim it.
        public var leaseRetry: Duration = .seconds(2)

        public init() {}
    }

    let store: any ChangeFeed
    let publisher: any ChangePublisher
    let monitor: ChangeFeedMonitor
    let settings: Settings
    let logger: Logger
    private let metrics: RelayMetrics
    /// This relay's name in the store's lease: unique per process start.
    let relayId = "\(ProcessInfo.processInfo.hostName)/\(ProcessInfo.processInfo.processIdentifier)/\(UUID().uuidString.prefix(8).lowercased())"

    public init(
        store: any ChangeFeed, publisher: any ChangePublisher, monitor: ChangeFeedMonitor, settings: Settings = Settings(),
        logger: Logger, metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) {
        self.store = store
        self.publisher = publisher
        self.monitor = monitor
        self.settings = settings
        self.logger = logger
        self.metrics = RelayMetrics(factory: metricsFactory)
    }

    /// Publishes until the server shuts down, on the relay's background-priority thread.
    public func run() async throws {
        try await withTaskExecutorPreference(BackgroundExecutor.relay) {
            try await publishUntilShutdown()
        }
    }

    private var isStopping: Bool { Task.isCancelled || Task.isShuttingDownGracefully }

    /// Publishes whenever this relay holds the lease; otherwise waits and claims it again.
    private func publishUntilShutdown() async throws {
        var backoff = settings.initialBackoff
        while !isStopping {
            do {
                if try await store.claimRelayLease(relay: relayId, lease: settings.lease) {
                    logger.info("This server's relay publishes the change feed", metadata: ["relay": "\(relayId)"])
                    try await publishWhileHoldingLease()
                    if !isStopping { logger.info("Another server's relay publishes the change feed now", metadata: ["relay": "\(relayId)"]) }
                } else {
                    try await sleepAndRefresh(settings.leaseRetry, published: 0)
                }
                backoff = settings.initialBackoff
            } catch is CancellationError {
                break
            } catch {
                logger.error("The Kafka relay could not claim the change feed's lease; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, settings.maximumBackoff)
            }
        }
    }

    /// Publishes until shutdown or until the lease passes to another relay.
    private func publishWhileHoldingLease() async throws {
        var progress = Progress(cleared: try await store.outboxStatus().acknowledged)
        var renewal = ContinuousClock.now + settings.lease / 3
        var backoff = settings.initialBackoff
        var failedRounds = 0
        while !isStopping {
            do {
                if ContinuousClock.now >= renewal {
                    guard try await store.claimRelayLease(relay: relayId, lease: settings.lease) else { return }
                    renewal = ContinuousClock.now + settings.lease / 3
                }
                _ = try await refreshStatus(published: progress.published)
                let started = ContinuousClock.now
                let covered = try await publishRound(&progress)
                if covered > 0 {
                    backoff = settings.initialBackoff
                    failedRounds = 0
                    if covered < settings.batchSize { try await Task.sleep(until: started + settings.roundInterval) }
                } else {
                    try await sleepAndRefresh(settings.idlePoll, published: progress.published)
                }
                try await clearIfDue(&progress)
            } catch let failure as RoundFailure {
                metrics.failedAttempts.increment()
                monitor.update(brokerError: failure.message)
                failedRounds += 1
                if failedRounds.isMultiple(of: Self.roundsBeforeReset) { publisher.reset() }
                logger.warning("Kafka publishing failed; changes stay in the outbox and are retried", metadata: [
                    "error": "\(failure.message)", "retry_in": "\(backoff)", "outbox_depth": "\(monitor.status?.depth ?? 0)",
                ])
                // What was published before the failure is cleared now; if the store fails
                // too, the next round tries again.
                try? await clearIfDue(&progress, force: true)
                try? await sleepAndRefresh(backoff, published: progress.published)
                backoff = min(backoff * 2, settings.maximumBackoff)
            } catch is RelayLeaseLost {
                return
            } catch is CancellationError {
                break
            } catch {
                // The store failed (busy, disk full): the relay must outlive it rather than take
                // the server down with it; nothing is cleared that was not published.
                logger.error("The Kafka relay could not read or clear the outbox; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, settings.maximumBackoff)
            }
        }
        try await clearIfDue(&progress, force: true)
        if isStopping {
            // Another server's relay goes on at once rather than after the lease runs out.
            try await store.releaseRelayLease(relay: relayId)
        }
    }

    /// How far publishing has got, and what of it the store has cleared.
    struct Progress {
        /// Every change up to here is published or dead-lettered.
        var published: Int64
        /// Every change up to here is cleared from the store.
        var cleared: Int64
        var deadLetters: [DeadLetter] = []
        var lastClear = ContinuousClock.now

        init(cleared: Int64) {
            self.published = cleared
            self.cleared = cleared
        }
    }

    /// Clears what was published from the store, at most every `clearInterval` unless forced
    /// (dead letters, failures and shutdown clear at once).
    func clearIfDue(_ progress: inout Progress, force: Bool = false) async throws {
        guard progress.published > progress.cleared else { return }
        let due = force || !progress.deadLetters.isEmpty || ContinuousClock.now - progress.lastClear >= settings.clearInterval
        guard due else { return }
        try await store.acknowledgeChanges(
            through: progress.published, deadLetters: progress.deadLetters, relay: relayId, lease: settings.lease
        )
        progress.cleared = progress.published
        progress.deadLetters = []
        progress.lastClear = ContinuousClock.now
    }

    /// Failed rounds in a row after which the publisher starts afresh. Resending is safe: the
    /// changes go again from the first one not acknowledged, with the same versions.
    static let roundsBeforeReset = 2

    /// A round that ended before every change of it was cleared.
    struct RoundFailure: Error {
        let message: String
    }

    /// Publishes the pending changes after `progress.published`; returns how many sequences the
    /// round covered (0 when nothing was pending).
    func publishRound(_ progress: inout Progress) async throws -> Int {
        let acknowledged = progress.published
        let pending = try await store.pendingChanges(after: acknowledged, limit: settings.batchSize)
        guard pending.through > acknowledged else { return 0 }
        let outcomes = try await publish(pending.entries)
        var cleared = acknowledged
        var deadLetters: [DeadLetter] = []
        var failure: RoundFailure?
        for entry in pending.entries {
            switch outcomes[entry.sequence] ?? .failed("no delivery report") {
            case .delivered:
                cleared = entry.sequence
            case .refused(let reason):
                logger.error("Kafka refused a change for good; it is kept in the dead-letter table (`langfarm outbox status`)", metadata: Self.describe(entry, reason))
                deadLetters.append(DeadLetter(entry: entry, failedAt: EpochMillis.now, error: reason))
                cleared = entry.sequence
            case .failed(let reason):
                logger.debug("Kafka did not take a change; it stays in the outbox", metadata: Self.describe(entry, reason))
                failure = RoundFailure(message: reason)
            }
            if failure != nil { break }
        }
        // Sequences the read skipped (superseded changes) are done once everything before and
        // after them is.
        if failure == nil { cleared = pending.through }
        if cleared > acknowledged {
            progress.published = cleared
            progress.deadLetters += deadLetters
            let handled = pending.entries.count { $0.sequence <= cleared }
            metrics.published.increment(by: handled - deadLetters.count)
            metrics.deadLettered.increment(by: deadLetters.count)
            metrics.superseded.increment(by: Int(cleared - acknowledged) - handled)
        }
        if let failure { throw failure }
        monitor.update(brokerError: nil)
        return Int(pending.through - acknowledged)
    }

    /// Hands the entries to the broker, once the topics exist; outcomes by sequence.
    private func publish(_ entries: [OutboxEntry]) async throws -> [Int64: PublishOutcome] {
        guard !entries.isEmpty else { return [:] }
        do {
            try await publisher.prepareTopics()
        } catch {
            throw RoundFailure(message: "\(error)")
        }
        return await publisher.publish(entries)
    }

    /// Reads the outbox status, counting changes published but not yet cleared as gone.
    private func refreshStatus(published: Int64) async throws -> OutboxStatus {
        var status = try await store.outboxStatus()
        if published > status.acknowledged {
            status.acknowledged = published
            status.depth = max(0, status.lastSequence - published)
            status.oldestPendingCommittedAt = try await store.commitTime(ofChangeAfter: published)
        }
        monitor.update(status: status)
        metrics.depth.record(status.depth)
        metrics.lag.record(Double(status.lagMillis(now: EpochMillis.now)) / 1000)
        return status
    }

    /// Waits, refreshing the outbox status every second so that the ingestion cap and the
    /// health report stay current while the broker is away.
    private func sleepAndRefresh(_ duration: Duration, published: Int64) async throws {
        var remaining = duration
        while remaining > .zero && !Task.isShuttingDownGracefully {
            let step = min(remaining, .seconds(1))
            try await Task.sleep(for: step)
            remaining -= step
            if remaining > .zero { _ = try await refreshStatus(published: published) }
        }
    }

    static func describe(_ entry: OutboxEntry, _ reason: String) -> Logger.Metadata {
        [
            "error": "\(reason)", "sequence": "\(entry.sequence)", "entity": "\(entry.kind.rawValue)",
            "id": "\(entry.entityId)", "project": "\(entry.projectId)", "bytes": "\(entry.value.utf8.count)",
        ]
    }
}

extension BackgroundExecutor {
    /// The relay's thread, shared by every relay of the process.
    static let relay = BackgroundExecutor(name: "langfarm-relay")
}
