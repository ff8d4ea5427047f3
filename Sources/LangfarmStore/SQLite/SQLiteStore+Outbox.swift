import GRDB
import LangfarmCore

extension SQLiteStore {
    public func setChangeFeed(enabled: Bool) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE outbox_state SET enabled = ? WHERE id = 1", arguments: [enabled])
        }
    }

    /// Encodes the messages on the caller's task (the relay's, at its lower priority), never on
    /// the write path nor inside a read transaction. The relay reads after what it has
    /// published, so the in-memory window forgets what comes before.
    public func pendingChanges(after sequence: Int64, limit: Int) async throws -> PendingChanges {
        guard let encoder = changeEncoder else {
            throw StoreError("this store was opened without a change encoder, so it cannot read the change feed")
        }
        recentChanges.drop(through: sequence)
        if let recent = recentChanges.after(sequence, limit: limit) {
            return PendingChanges(entries: recent.map { $0.entry(encoder: encoder) }, through: recent.last?.sequence ?? sequence)
        }
        let read = try await pool.read { db in
            try SQLiteOutboxReader.pendingChanges(after: sequence, limit: limit, window: self.recentChanges, in: db)
        }
        return PendingChanges(entries: read.changes.map { $0.entry(encoder: encoder) }, through: read.through)
    }

    public func commitTime(ofChangeAfter sequence: Int64) async throws -> EpochMillis? {
        if let recent = recentChanges.after(sequence, limit: 1) { return recent.first?.committedAt }
        return try await pool.read { db in try Self.oldestCommitTime(after: sequence, in: db) }
    }

    private static func oldestCommitTime(after sequence: Int64, in db: Database) throws -> EpochMillis? {
        try EpochMillis.fetchOne(db, sql: "SELECT committed_at FROM outbox WHERE sequence > ? ORDER BY sequence LIMIT 1", arguments: [sequence])
    }

    public func claimRelayLease(relay: String, lease: Duration) async throws -> Bool {
        try await write { db in try Self.claimRelayLease(relay: relay, lease: lease, in: db) }
    }

    public func releaseRelayLease(relay: String) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE outbox_state SET relay_lease_expires = 0 WHERE id = 1 AND relay IS ?", arguments: [relay])
        }
    }

    /// Claims or renews the lease for `relay` unless another relay holds it.
    private static func claimRelayLease(relay: String, lease: Duration, in db: Database) throws -> Bool {
        let now = EpochMillis.now
        try db.execute(
            sql: "UPDATE outbox_state SET relay = ?, relay_lease_expires = ? WHERE id = 1 AND (relay IS ? OR relay_lease_expires <= ?)",
            arguments: [relay, now + EpochMillis(lease / .milliseconds(1)), relay, now]
        )
        return db.changesCount > 0
    }

    public func acknowledgeChanges(through sequence: Int64, deadLetters: [DeadLetter], relay: String, lease: Duration) async throws {
        try await write { db in
            guard try Self.claimRelayLease(relay: relay, lease: lease, in: db) else { throw RelayLeaseLost(relay: relay) }
            for letter in deadLetters where letter.entry.sequence <= sequence {
                let entry = letter.entry
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO outbox_dead_letters (sequence, entity_kind, project_id, entity_id, message_key,
                            value, sdk_name, sdk_version, committed_at, failed_at, error)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        entry.sequence, entry.kind.rawValue, entry.projectId, entry.entityId, entry.key, entry.value,
                        entry.sdk?.name, entry.sdk?.version, entry.committedAt, letter.failedAt, letter.error,
                    ]
                )
            }
            try db.execute(sql: "DELETE FROM outbox WHERE sequence <= ?", arguments: [sequence])
            try db.execute(
                sql: "UPDATE outbox_state SET acknowledged = MAX(acknowledged, ?) WHERE id = 1", arguments: [sequence]
            )
        }
        // Cleared changes are no longer pending, in the window as in the table.
        recentChanges.drop(through: sequence)
    }

    public func outboxStatus() async throws -> OutboxStatus {
        try await pool.read { db in
            let state = try Row.fetchOne(db, sql: "SELECT * FROM outbox_state WHERE id = 1")
            let last: Int64 = state?["last_sequence"] ?? 0
            let acknowledged: Int64 = state?["acknowledged"] ?? 0
            return OutboxStatus(
                enabled: state?["enabled"] ?? false,
                depth: max(0, last - acknowledged),
                lastSequence: last,
                acknowledged: acknowledged,
                oldestPendingCommittedAt: try Self.oldestCommitTime(after: acknowledged, in: db),
                deadLetters: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox_dead_letters") ?? 0
            )
        }
    }

    public func deadLetters(limit: Int) async throws -> [DeadLetter] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outbox_dead_letters ORDER BY sequence DESC LIMIT ?", arguments: [limit])
                .map { row in
                    DeadLetter(
                        entry: try SQLiteRowCoding.outboxEntry(row, value: row["value"]), failedAt: row["failed_at"], error: row["error"]
                    )
                }
        }
    }
}
