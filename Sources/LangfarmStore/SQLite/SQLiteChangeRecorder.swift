import GRDB
import LangfarmCore

/// Records each row change of one write transaction in the outbox, numbered in commit order.
/// Lives for one transaction: the sequence it read at the start is written back when the
/// transaction's work is done.
///
/// A live change is recorded as a pointer to its row (kind, project, id, message key), not as
/// its message: the row itself is in the same transaction, and the message is encoded later,
/// outside it (see `RecordedChange`). A deleted row's message is encoded and kept here.
final class SQLiteChangeRecorder {
    private let db: Database
    private let encoder: any ChangeEncoder
    /// The commit's time: when the changes entered the outbox, and the time of deletions.
    let committedAt: EpochMillis
    private var lastSequence: Int64
    private let firstSequence: Int64
    /// The client whose batch is being projected, for the message headers.
    var sdk: SDKIdentity?
    /// What this transaction recorded, for the store's in-memory window: its newest changes,
    /// at least `retained` of them. A transaction that changes more rows (a rebuild) keeps only
    /// those, as the window would; the relay reads the others back from the table.
    private(set) var recorded: [RecordedChange] = []
    private let retained: Int

    /// A recorder for this transaction, or nil when the change feed is off (no encoder, or not
    /// enabled in the store).
    static func start(
        in db: Database, encoder: (any ChangeEncoder)?, at time: EpochMillis, retaining retained: Int
    ) throws -> SQLiteChangeRecorder? {
        guard let encoder,
              let state = try Row.fetchOne(db.cachedStatement(sql: "SELECT enabled, last_sequence FROM outbox_state WHERE id = 1")),
              state["enabled"] as Bool
        else { return nil }
        return SQLiteChangeRecorder(db: db, encoder: encoder, committedAt: time, lastSequence: state["last_sequence"], retained: retained)
    }

    private init(db: Database, encoder: any ChangeEncoder, committedAt: EpochMillis, lastSequence: Int64, retained: Int) {
        self.db = db
        self.encoder = encoder
        self.committedAt = committedAt
        self.lastSequence = lastSequence
        self.firstSequence = lastSequence
        self.retained = retained
    }

    /// Records `change`; returns its sequence, which is also the version the row is written with.
    @discardableResult
    func record(_ change: RowChange) throws -> Int64 {
        lastSequence += 1
        let recordedChange = RecordedChange(
            sequence: lastSequence, change: change, sdk: sdk, committedAt: committedAt,
            value: change.isDeleted ? encoder.messageValue(for: change, version: lastSequence) : nil
        )
        try db.cachedStatement(sql: """
            INSERT INTO outbox (sequence, entity_kind, project_id, entity_id, message_key, value, sdk_name, sdk_version, committed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                lastSequence, change.kind.rawValue, change.projectId, change.entityId, change.partitionKey, recordedChange.value,
                sdk?.name, sdk?.version, committedAt,
            ])
        recorded.append(recordedChange)
        if recorded.count > 2 * retained { recorded.removeFirst(recorded.count - retained) }
        return lastSequence
    }

    /// Saves the sequence reached; call once, after the transaction's last change.
    func finish() throws {
        guard lastSequence != firstSequence else { return }
        try db.cachedStatement(sql: "UPDATE outbox_state SET last_sequence = ? WHERE id = 1").execute(arguments: [lastSequence])
    }
}
