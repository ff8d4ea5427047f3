import LangfarmStore

/// How the web UI writes what its users change on traces: refused while the server takes no
/// writes (its Kafka outbox is full, as the API refuses them then), and committed through the
/// server's group committer like ingested events, so that they reach the event log, the rows
/// and the change feed in one transaction.
public struct WebWrites: Sendable {
    let checkAllowed: @Sendable () throws -> Void
    let commit: @Sendable (EventBatch) async throws -> Void

    public init(checkAllowed: @escaping @Sendable () throws -> Void, commit: @escaping @Sendable (EventBatch) async throws -> Void) {
        self.checkAllowed = checkAllowed
        self.commit = commit
    }
}
