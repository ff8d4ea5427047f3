import LangfarmCore
import LangfarmStore
import PostgresNIO

extension PostgresStore: ChangeFeed {
    public var lastRecordedSequence: Int64 { lastRecorded.load(ordering: .relaxed) }

    public func setChangeFeed(enabled: Bool) async throws {
        try await rows("UPDATE outbox_state SET enabled = \(enabled) WHERE id = 1")
    }

    /// Reads the outbox table (the changes may come from any server), encoding each live
    /// change's message from its row as the table holds it now. A pointer whose row a later
    /// change wrote since is skipped: that change comes after it and carries the newer state;
    /// a row that is gone was deleted, which is a change of its own.
    public func pendingChanges(after sequence: Int64, limit: Int) async throws -> PendingChanges {
        guard let encoder = changeEncoder else {
            throw StoreError("this store was opened without a change encoder, so it cannot read the change feed")
        }
        let pointers = try await rows("""
            SELECT sequence, entity_kind, project_id, entity_id, message_key, value, sdk_name, sdk_version, committed_at
            FROM outbox WHERE sequence > \(sequence) ORDER BY sequence LIMIT \(limit)
            """).map(OutboxPointer.init)
        let current = try await currentRows(of: pointers.filter { $0.value == nil })
        var entries: [OutboxEntry] = []
        for pointer in pointers {
            let value: String
            if let stored = pointer.value {
                value = stored
            } else {
                guard let row = current[RowKey(kind: pointer.kind, projectId: pointer.projectId, id: pointer.entityId)],
                      row.version.map({ $0 <= pointer.sequence }) ?? true
                else { continue }
                value = encoder.messageValue(for: row.change, version: pointer.sequence)
            }
            entries.append(OutboxEntry(
                sequence: pointer.sequence, kind: pointer.kind, projectId: pointer.projectId, entityId: pointer.entityId,
                key: pointer.key, value: value, sdk: pointer.sdk, committedAt: pointer.committedAt
            ))
        }
        return PendingChanges(entries: entries, through: pointers.last?.sequence ?? sequence)
    }

    public func commitTime(ofChangeAfter sequence: Int64) async throws -> EpochMillis? {
        try await rows("SELECT committed_at FROM outbox WHERE sequence > \(sequence) ORDER BY sequence LIMIT 1")
            .first?.decode(Int64.self)
    }

    public func claimRelayLease(relay: String, lease: Duration) async throws -> Bool {
        try await transaction { connection in try await self.claimRelayLease(relay: relay, lease: lease, on: connection) }
    }

    public func releaseRelayLease(relay: String) async throws {
        try await rows("UPDATE outbox_state SET relay_lease_expires = '-infinity' WHERE id = 1 AND relay = \(relay)")
    }

    /// Claims or renews the lease for `relay` unless another relay holds it (by the database's
    /// clock, which every server shares).
    private func claimRelayLease(relay: String, lease: Duration, on connection: PostgresConnection) async throws -> Bool {
        let millis = Int64(lease / .milliseconds(1))
        return try await !connection.rows("""
            UPDATE outbox_state SET relay = \(relay), relay_lease_expires = now() + \(millis) * interval '1 millisecond'
            WHERE id = 1 AND (relay = \(relay) OR relay_lease_expires <= now()) RETURNING 1
            """, logger: logger).isEmpty
    }

    public func acknowledgeChanges(through sequence: Int64, deadLetters: [DeadLetter], relay: String, lease: Duration) async throws {
        try await transaction { connection in
            guard try await claimRelayLease(relay: relay, lease: lease, on: connection) else { throw RelayLeaseLost(relay: relay) }
            for letter in deadLetters where letter.entry.sequence <= sequence {
                let entry = letter.entry
                try await connection.rows("""
                    INSERT INTO outbox_dead_letters (sequence, entity_kind, project_id, entity_id, message_key, value, sdk_name,
                        sdk_version, committed_at, failed_at, error)
                    VALUES (\(entry.sequence), \(entry.kind.rawValue), \(entry.projectId), \(entry.entityId), \(entry.key),
                        \(entry.value), \(entry.sdk?.name), \(entry.sdk?.version), \(entry.committedAt), \(letter.failedAt), \(letter.error))
                    ON CONFLICT (sequence) DO UPDATE SET failed_at = excluded.failed_at, error = excluded.error
                    """, logger: logger)
            }
            try await connection.rows("DELETE FROM outbox WHERE sequence <= \(sequence)", logger: logger)
            try await connection.rows(
                "UPDATE outbox_state SET acknowledged = GREATEST(acknowledged, \(sequence)) WHERE id = 1", logger: logger
            )
        }
    }

    public func outboxStatus() async throws -> OutboxStatus {
        guard let row = try await rows("""
            SELECT enabled, last_sequence, acknowledged,
                (SELECT committed_at FROM outbox WHERE sequence > outbox_state.acknowledged ORDER BY sequence LIMIT 1),
                (SELECT count(*) FROM outbox_dead_letters)
            FROM outbox_state WHERE id = 1
            """).first else { throw StoreError("the outbox_state row is missing; the schema was changed by hand") }
        let (enabled, last, acknowledged, oldest, deadLetters) = try row.decode((Bool, Int64, Int64, Int64?, Int).self)
        return OutboxStatus(
            enabled: enabled, depth: max(0, last - acknowledged), lastSequence: last, acknowledged: acknowledged,
            oldestPendingCommittedAt: oldest, deadLetters: deadLetters
        )
    }

    public func deadLetters(limit: Int) async throws -> [DeadLetter] {
        try await rows("""
            SELECT sequence, entity_kind, project_id, entity_id, message_key, value, sdk_name, sdk_version, committed_at, failed_at, error
            FROM outbox_dead_letters ORDER BY sequence DESC LIMIT \(limit)
            """).map { row in
                let (sequence, kind, projectId, entityId, key, value, sdkName, sdkVersion, committedAt, failedAt, error) =
                    try row.decode((Int64, String, String, String, String, String, String?, String?, Int64, Int64, String).self)
                return DeadLetter(
                    entry: OutboxEntry(
                        sequence: sequence, kind: try OutboxPointer.kind(kind, sequence: sequence), projectId: projectId,
                        entityId: entityId, key: key, value: value, sdk: sdkName.map { SDKIdentity(name: $0, version: sdkVersion) },
                        committedAt: committedAt
                    ),
                    failedAt: failedAt, error: error
                )
            }
    }

    /// The current rows the pointers name, with the version of the change that wrote each.
    private func currentRows(of pointers: [OutboxPointer]) async throws -> [RowKey: (change: RowChange, version: Int64?)] {
        var current: [RowKey: (change: RowChange, version: Int64?)] = [:]
        for kind in [EntityKind.trace, .observation, .score] {
            let wanted = pointers.filter { $0.kind == kind }
            guard !wanted.isEmpty else { continue }
            let (table, columns) = switch kind {
            case .trace: ("traces", PostgresRowCoding.traceColumns)
            case .observation: ("observations", PostgresRowCoding.observationColumns(bodies: true))
            case .score: ("scores", PostgresRowCoding.scoreColumns)
            }
            var keys = PostgresRowBatch(table: "wanted")
            keys.add("project_id", "text", wanted.map(\.projectId))
            keys.add("id", "text", wanted.map(\.entityId))
            let query = PostgresRowBatch.query(joining: [("wanted", keys)]) { relations in
                "SELECT \(columns), row_version FROM \(table) JOIN \(relations[0]) USING (project_id, id)"
            }
            for row in try await rows(query) {
                let version = try row.makeRandomAccess()["row_version"].decode(Int64?.self)
                let change: RowChange = switch kind {
                case .trace: .trace(try PostgresRowCoding.trace(row), deleted: false)
                case .observation: .observation(try PostgresRowCoding.observation(row), deleted: false)
                case .score: .score(try PostgresRowCoding.score(row), deleted: false)
                }
                current[RowKey(kind: kind, projectId: change.projectId, id: change.entityId)] = (change, version)
            }
        }
        return current
    }
}

/// A row of some kind, by project and id.
private struct RowKey: Hashable {
    let kind: EntityKind
    let projectId: String
    let id: String
}

/// A pending change as the outbox table holds it: its stored message, or none for a live
/// change, whose message is encoded from its row.
private struct OutboxPointer {
    let sequence: Int64
    let kind: EntityKind
    let projectId: String
    let entityId: String
    let key: String
    let value: String?
    let sdk: SDKIdentity?
    let committedAt: EpochMillis

    init(_ row: PostgresRow) throws {
        let (sequence, kind, projectId, entityId, key, value, sdkName, sdkVersion, committedAt) =
            try row.decode((Int64, String, String, String, String, String?, String?, String?, Int64).self)
        self.sequence = sequence
        self.kind = try Self.kind(kind, sequence: sequence)
        self.projectId = projectId
        self.entityId = entityId
        self.key = key
        self.value = value
        sdk = sdkName.map { SDKIdentity(name: $0, version: sdkVersion) }
        self.committedAt = committedAt
    }

    static func kind(_ text: String, sequence: Int64) throws -> EntityKind {
        guard let kind = EntityKind(rawValue: text) else {
            throw StoreError("outbox change \(sequence) names an unknown entity kind; was the store written by a newer Langfarm?")
        }
        return kind
    }
}
