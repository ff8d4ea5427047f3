import GRDB
import LangfarmCore

extension SQLiteStore {
    public func setChangeFeed(enabled: Bool) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE outbox_state SET enabled = ? WHERE id = 1", arguments: [enabled])
        }
    }

    public func pendingChanges(after sequence: Int64, limit: Int) async throws -> [OutboxEntry] {
        if let recent = recentChanges.after(sequence, limit: limit) { return recent }
        return try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM outbox WHERE sequence > ? ORDER BY sequence LIMIT ?", arguments: [sequence, limit]
            ).map(Self.outboxEntry)
        }
    }

    public func acknowledgeChanges(through sequence: Int64, deadLetters: [DeadLetter]) async throws {
        try await pool.write { db in
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
                oldestPendingCommittedAt: try EpochMillis.fetchOne(
                    db, sql: "SELECT committed_at FROM outbox WHERE sequence > ? ORDER BY sequence LIMIT 1", arguments: [acknowledged]
                ),
                deadLetters: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox_dead_letters") ?? 0
            )
        }
    }

    public func deadLetters(limit: Int) async throws -> [DeadLetter] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outbox_dead_letters ORDER BY sequence DESC LIMIT ?", arguments: [limit])
                .map { DeadLetter(entry: Self.outboxEntry($0), failedAt: $0["failed_at"], error: $0["error"]) }
        }
    }

    private static func outboxEntry(_ row: Row) -> OutboxEntry {
        let sdkName: String? = row["sdk_name"]
        return OutboxEntry(
            sequence: row["sequence"], kind: EntityKind(rawValue: row["entity_kind"]) ?? .trace,
            projectId: row["project_id"], entityId: row["entity_id"], key: row["message_key"], value: row["value"],
            sdk: sdkName.map { SDKIdentity(name: $0, version: row["sdk_version"]) }, committedAt: row["committed_at"]
        )
    }
}
