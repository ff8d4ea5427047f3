import LangfarmCore
import Synchronization

/// What the relay last saw of the outbox, shared with the HTTP side: ingestion refuses new
/// events once the outbox holds `capacity` changes (the broker has been away too long), rather
/// than fill the disk; the health endpoint reports the relay's progress.
public final class ChangeFeedMonitor: Sendable {
    /// Pending changes at which ingestion answers 503; nil for no limit.
    public let capacity: Int64?
    private let state = Mutex<(status: OutboxStatus?, brokerError: String?)>((nil, nil))

    public init(capacity: Int64?) {
        self.capacity = capacity
    }

    public var status: OutboxStatus? { state.withLock { $0.status } }

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
