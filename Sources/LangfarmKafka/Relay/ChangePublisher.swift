import LangfarmStore

/// What became of one outbox entry handed to the broker.
public enum PublishOutcome: Sendable, Equatable {
    /// The broker acknowledged it (acks=all).
    case delivered
    /// The broker will never take it as it is (too large, invalid): it goes to the dead letters.
    case refused(String)
    /// It may go through later (broker away, topic missing, timeout): it stays in the outbox.
    case failed(String)
}

/// Publishes outbox entries and reports each one's outcome once the broker has answered for all
/// of them. The relay is written against this, the Kafka producer implements it.
public protocol ChangePublisher: Sendable {
    /// Makes sure the topics exist; throws a message naming what could not be created.
    func prepareTopics() async throws
    /// Outcomes by sequence, one for every entry.
    func publish(_ entries: [OutboxEntry]) async -> [Int64: PublishOutcome]
    /// Starts afresh (new connections, topics checked again) after rounds kept failing: a
    /// broker that restarted without its state can leave a client that never succeeds again.
    func reset()
}
