import LangfarmCore

/// The change feed (the outbox): every committed row change, in commit order, for the relay
/// that publishes them to Kafka.
public protocol ChangeFeed: Sendable {
    /// The newest change sequence this process has committed (0 before the first), without
    /// I/O: what keeps the outbox depth current between the relay's looks at the table.
    var lastRecordedSequence: Int64 { get }
    /// Turns recording of committed row changes on (while a server publishes them to Kafka) or
    /// off, so that an unused outbox never grows.
    func setChangeFeed(enabled: Bool) async throws
    /// The messages of up to `limit` pending changes after `sequence`, oldest first. A change
    /// that a later change of its row superseded before it was read may be left out. Reading
    /// after `sequence` says that every change up to it is published: the store may forget
    /// what it keeps in memory for them (the relay is the one reader).
    func pendingChanges(after sequence: Int64, limit: Int) async throws -> PendingChanges
    /// When the oldest change after `sequence` was committed; nil when none is pending.
    func commitTime(ofChangeAfter sequence: Int64) async throws -> EpochMillis?
    /// Claims the right to publish the feed for `lease` as `relay`, or renews it; returns
    /// whether `relay` holds it now. Of the servers sharing a store, one relay holds it at a
    /// time; when its holder stops renewing it (its server died), another claims it once the
    /// lease has run out. A store only one server opens grants every claim.
    func claimRelayLease(relay: String, lease: Duration) async throws -> Bool
    /// Gives the lease up if `relay` holds it, so that another server's relay claims it at once
    /// instead of when it runs out: what a relay does when its server shuts down gracefully.
    func releaseRelayLease(relay: String) async throws
    /// Clears every change up to `sequence`: published ones are removed, `deadLetters` are kept
    /// in the dead-letter table with their reason. Throws `RelayLeaseLost`, clearing nothing,
    /// when another relay holds the lease: that one publishes from where the store says, so a
    /// relay that was paused past its lease cannot clear what the other has not sent. A lease of
    /// `relay`'s that ran out with nobody claiming it is taken again, for `lease`: a relay slowed
    /// down past its lease (a busy machine) keeps its place instead of starting over.
    func acknowledgeChanges(through sequence: Int64, deadLetters: [DeadLetter], relay: String, lease: Duration) async throws
    func outboxStatus() async throws -> OutboxStatus
    /// The newest dead letters first.
    func deadLetters(limit: Int) async throws -> [DeadLetter]
}

/// A relay tried to clear changes after its lease had passed to another relay.
public struct RelayLeaseLost: Error, Sendable, CustomStringConvertible {
    public let relay: String

    public init(relay: String) {
        self.relay = relay
    }

    public var description: String {
        "relay \(relay) no longer holds the change feed's lease; another server's relay publishes it now"
    }
}
