import GRDB
import LangfarmCore

/// Reads pending changes back from the outbox table, for a relay that is behind the store's
/// in-memory window (after a restart, a long outage, or changes another process recorded).
///
/// A live change's outbox row only points at its row, so its message is encoded from the row as
/// the table holds it now. When a later change of that row has been committed since (the row's
/// `row_version` is newer), the pointer is skipped: that later change comes after it in the
/// outbox and carries the newer state, so the lake ends up with the same rows. A row that no
/// longer exists was deleted, and its deletion is a change of its own.
///
/// A change that `window` holds is taken from there, as the row it wrote: a relay that has
/// caught up reads the table when the window is empty, and a transaction committing meanwhile
/// puts its changes in both.
enum SQLiteOutboxReader {
    /// A pending change as read from the table: its stored message, or the row its message is
    /// encoded from. Encoding is left to the caller, outside the read transaction.
    enum Pending: Sendable {
        case stored(OutboxEntry)
        case row(RecordedChange)

        func entry(encoder: any ChangeEncoder) -> OutboxEntry {
            switch self {
            case .stored(let entry): entry
            case .row(let change): change.entry(encoder: encoder)
            }
        }
    }

    /// Up to `limit` pending changes after `sequence`, and the last sequence the read covered.
    static func pendingChanges(
        after sequence: Int64, limit: Int, window: RecentChanges, in db: Database
    ) throws -> (changes: [Pending], through: Int64) {
        let pointers = try Row.fetchAll(
            db, sql: "SELECT * FROM outbox WHERE sequence > ? ORDER BY sequence LIMIT ?", arguments: [sequence, limit]
        )
        var changes: [Pending] = []
        for pointer in pointers {
            let pointerSequence: Int64 = pointer["sequence"]
            if let recorded = window.committed(pointerSequence) {
                changes.append(.row(recorded))
            } else if let value: String = pointer["value"] {
                changes.append(.stored(try SQLiteRowCoding.outboxEntry(pointer, value: value)))
            } else {
                guard let current = try currentRow(
                    try SQLiteRowCoding.entityKind(pointer), projectId: pointer["project_id"], id: pointer["entity_id"], in: db
                ), !current.isNewer(than: pointerSequence) else { continue }
                changes.append(.row(RecordedChange(
                    sequence: pointerSequence, change: current.change, sdk: SQLiteRowCoding.sdk(pointer),
                    committedAt: pointer["committed_at"], value: nil
                )))
            }
        }
        return (changes, pointers.last?["sequence"] ?? sequence)
    }

    /// A row as the table holds it, with the version of the change that wrote it.
    private struct CurrentRow {
        let change: RowChange
        /// nil when the row was written while the change feed was off.
        let version: Int64?

        /// Whether a change after `sequence` wrote this row. A row written while the feed was
        /// off has no later change to carry it, so the older pointer publishes it.
        func isNewer(than sequence: Int64) -> Bool {
            version.map { $0 > sequence } ?? false
        }
    }

    private static func currentRow(_ kind: EntityKind, projectId: String, id: String, in db: Database) throws -> CurrentRow? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: SQLiteRowCoding.selectById(kind)), arguments: [projectId, id]) else {
            return nil
        }
        let change: RowChange = switch kind {
        case .trace: .trace(SQLiteRowCoding.trace(row), deleted: false)
        case .observation: .observation(SQLiteRowCoding.observation(row), deleted: false)
        case .score: .score(SQLiteRowCoding.score(row), deleted: false)
        }
        return CurrentRow(change: change, version: row["row_version"])
    }
}
