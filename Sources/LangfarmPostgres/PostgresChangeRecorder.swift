import LangfarmCore
import LangfarmStore
import PostgresNIO

/// Records the row changes of one projection transaction for the change feed, numbered from
/// the sequence the transaction read at its start, and writes them to the outbox before the
/// commit. The transaction holds the projection lock from that read to its commit, so the
/// sequences of the servers sharing the store follow the order of their commits: the relay,
/// reading after the last sequence it published, never passes one that commits later (the
/// classic outbox gap).
///
/// A live change is a pointer to its row; the relay encodes the row's message when it reads
/// the change. A deleted row's message is encoded here, as the row is gone after the commit.
final class PostgresChangeRecorder: @unchecked Sendable {
    private let encoder: any ChangeEncoder
    /// The commit's time: when the changes entered the outbox, and the time of deletions.
    let committedAt: EpochMillis
    /// The newest sequence recorded so far.
    private(set) var lastSequence: Int64
    private var changes: [(sequence: Int64, change: RowChange, sdk: SDKIdentity?, value: String?)] = []

    init(encoder: any ChangeEncoder, committedAt: EpochMillis, lastSequence: Int64) {
        self.encoder = encoder
        self.committedAt = committedAt
        self.lastSequence = lastSequence
    }

    /// Records `change`; returns its sequence, which is also the version the row is written with.
    @discardableResult
    func record(_ change: RowChange, sdk: SDKIdentity?) -> Int64 {
        lastSequence += 1
        changes.append((lastSequence, change, sdk, change.isDeleted ? encoder.messageValue(for: change, version: lastSequence) : nil))
        return lastSequence
    }

    /// Writes the recorded changes and the sequence reached; call once, before the commit.
    func finish(on connection: PostgresConnection, logger: Logger) async throws {
        guard !changes.isEmpty else { return }
        var batch = PostgresRowBatch(table: "outbox")
        batch.add("sequence", "bigint", changes.map(\.sequence))
        batch.add("entity_kind", "text", changes.map(\.change.kind.rawValue))
        batch.add("project_id", "text", changes.map(\.change.projectId))
        batch.add("entity_id", "text", changes.map(\.change.entityId))
        batch.add("message_key", "text", changes.map(\.change.partitionKey))
        batch.add("value", "text", changes.map(\.value))
        batch.add("sdk_name", "text", changes.map(\.sdk?.name))
        batch.add("sdk_version", "text", changes.map { $0.sdk?.version })
        batch.add("committed_at", "bigint", changes.map { _ in committedAt })
        try await connection.rows(batch.insertNew(key: ["sequence"]), logger: logger)
        try await connection.rows("UPDATE outbox_state SET last_sequence = \(lastSequence) WHERE id = 1", logger: logger)
    }
}
