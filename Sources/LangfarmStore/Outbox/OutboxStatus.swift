import LangfarmCore

/// How far the change feed has got: what `/api/public/health`, the metrics and
/// `langfarm outbox status` report.
public struct OutboxStatus: Sendable, Equatable {
    /// Whether committed changes are recorded (the server runs with a Kafka broker).
    public var enabled: Bool
    /// Changes committed but not yet published.
    public var depth: Int64
    /// The newest change's sequence.
    public var lastSequence: Int64
    /// Every change up to this sequence is published or dead-lettered.
    public var acknowledged: Int64
    /// When the oldest pending change was committed; nil when none is pending.
    public var oldestPendingCommittedAt: EpochMillis?
    public var deadLetters: Int

    public init(
        enabled: Bool, depth: Int64, lastSequence: Int64, acknowledged: Int64, oldestPendingCommittedAt: EpochMillis?,
        deadLetters: Int
    ) {
        self.enabled = enabled
        self.depth = depth
        self.lastSequence = lastSequence
        self.acknowledged = acknowledged
        self.oldestPendingCommittedAt = oldestPendingCommittedAt
        self.deadLetters = deadLetters
    }

    /// How long the oldest pending change has waited, in milliseconds (0 when none waits).
    public func lagMillis(now: EpochMillis) -> EpochMillis {
        oldestPendingCommittedAt.map { max(0, now - $0) } ?? 0
    }
}

/// A change the broker refused for good (too large, rejected), kept with the reason instead of
/// being dropped.
public struct DeadLetter: Sendable, Equatable {
    public let entry: OutboxEntry
    public let failedAt: EpochMillis
    public let error: String

    public init(entry: OutboxEntry, failedAt: EpochMillis, error: String) {
        self.entry = entry
        self.failedAt = failedAt
        self.error = error
    }
}
