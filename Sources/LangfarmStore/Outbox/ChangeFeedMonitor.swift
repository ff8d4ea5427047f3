import LangfarmCore
import Synchronization

/// What the relay last saw of the outbox, shared with the HTTP side: ingestion refuses new
/// events once the outbox holds `capacity` changes (the broker has been away too long), rather
/// than fill the disk; the health endpoint reports the relay's progress.
public final class ChangeFeedMonitor: Sendable {
    /// Pending changes at which ingestion answers 503; nil for no limit.
    public let capacity: Int64?
    /// The newest change committed by this process, read live: the relay's status is only
    /// refreshed between publish rounds, which wait up to seconds for an unreachable broker.
    private let lastRecorded: @Sendable () -> Int64
    private let state = Mutex<(status: OutboxStatus?, brokerError: String?)>((nil, nil))

    public init(capacity: Int64?, lastRecorded: @escaping @Sendable () -> Int64 = { 0 }) {
        self.capacity = capacity
        self.lastRecorded = lastRecorded
    }

    /// The relay's last look at the outbox, with the depth brought up to date.
    public var status: OutboxStatus? {
        guard var status = state.withLock({ $0.status }) else { return nil }
        status.lastSequence = max(status.lastSequence, lastRecorded())
        status.depth = max(0, status.lastSequence - status.acknowledged)
        return status
    }

    /// Why the last publish attempt failed, until one succeeds.
    public var brokerError: String? { state.withLock { $0.brokerError } }

    public var isFull: Bool {
        guard let capacity, let depth = status?.depth else { return false }
        return depth >= capacity
    }

    public func update(status: OutboxStatus) {
        state.withLock { $0.status = status }
    }

    public func update(brokerError: String?) {
        state.withLock { $0.brokerError = brokerError }
    }
}
