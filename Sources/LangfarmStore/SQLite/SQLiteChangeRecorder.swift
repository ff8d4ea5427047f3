import GRDB
import LangfarmCore

/// Writes each row change of one write transaction to the outbox, as the message the relay will
/// publish, numbered in commit order. Lives for one transaction: the sequence it read at the
/// start is written back when the transaction's work is done.
final class SQLiteChangeRecorder {
    private let db: Database
    private let encoder: any ChangeEncoder
    /// The commit's time: when the changes entered the outbox, and the time of deletions.
    let committedAt: EpochMillis
    private var lastSequence: Int64
    private let firstSequence: Int64
    /// The client whose batch is being projected, for the message headers.
    var sdk: SDKIdentity?
    /// What this transaction recorded, for the store's in-memory window once it commits.
    private(set) var recorded: [OutboxEntry] = []

    /// A recorder for this transaction, or nil when the change feed is off (no encoder, or not
    /// enabled in the store).
    static func start(in db: Database, encoder: (any ChangeEncoder)?, at time: EpochMillis) throws -> SQLiteChangeRecorder? {
        guard let encoder,
              let state = try Row.fetchOne(db.cachedStatement(sql: "SELECT enabled, last_sequence FROM outbox_state WHERE id = 1")),
              state["enabled"] as Bool
        else { return nil }
        return SQLiteChangeRecorder(db: db, encoder: encoder, committedAt: time, lastSequence: state["last_sequence"])
    }

    private init(db: Database, encoder: any ChangeEncoder, committedAt: EpochMillis, lastSequence: Int64) {
        self.db = db
        self.encoder = encoder
        self.committedAt = committedAt
        self.lastSequence = lastSequence
        self.firstSequence = lastSequence
    }

    func record(_ change: RowChange) throws {
        lastSequence += 1
        let entry = OutboxEntry(
            sequence: lastSequence, kind: change.kind, projectId: change.projectId, entityId: change.entityId,
            key: change.partitionKey, value: encoder.messageValue(for: change, version: lastSequence), sdk: sdk,
            committedAt: committedAt
        )
        try db.cachedStatement(sql: """
            INSERT INTO outbox (sequence, entity_kind, project_id, entity_id, message_key, value, sdk_name, sdk_version, committed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                entry.sequence, entry.kind.rawValue, entry.projectId, entry.entityId, entry.key, entry.value,
                entry.sdk?.name, entry.sdk?.version, entry.committedAt,
            ])
        recorded.append(entry)
    }

    /// Saves the sequence reached; call once, after the transaction's last change.
    func finish() throws {
        guard lastSequence != firstSequence else { return }
        try db.cachedStatement(sql: "UPDATE outbox_state SET last_sequence = ? WHERE id = 1").execute(arguments: [lastSequence])
    }
}
