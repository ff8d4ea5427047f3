import Algorithms
import LangfarmCore
import LangfarmStore
import PostgresNIO

extension PostgresStore: EventWriter {
    /// The key of the transaction-level advisory lock every projection transaction holds: of the
    /// servers sharing the database, one projects at a time, as SQLite's one writer does.
    ///
    /// A projection reads an entity's whole history and writes rows that depend on several
    /// entities; under finer locks (per entity, per trace) two servers could each miss the
    /// other's uncommitted events of one trace, or deadlock on anchors and rows taken in
    /// different orders. One lock makes events of one trace that reach two servers at once
    /// merge to exactly the rows one server would write. Each server's group commit keeps the
    /// lock's cost per request small (docs/PERFORMANCE.md, "PostgreSQL").
    static let projectionLockKey: Int64 = 0x4C61_6E67_7072_6F6A

    public func commit(_ batches: [EventBatch]) async throws {
        try await projectionWrite(at: EpochMillis.now) { transaction in
            try await Projector.apply(batches, in: transaction)
        }
    }

    /// Runs `body` in one transaction holding the projection lock, recording the row changes it
    /// makes in the outbox when the change feed is on.
    func projectionWrite<Value: Sendable>(
        at time: EpochMillis, rebuilding: Bool = false, _ body: (PostgresProjectionTransaction) async throws -> Value
    ) async throws -> Value {
        let (value, lastSequence) = try await transaction { connection in
            try await connection.rows("SELECT pg_advisory_xact_lock(\(Self.projectionLockKey))", logger: logger)
            let (enabled, lastSequence) = try await connection.rows(
                "SELECT enabled, last_sequence FROM outbox_state WHERE id = 1", logger: logger
            ).first?.decode((Bool, Int64).self) ?? (false, Int64(0))
            let recorder = changeEncoder.flatMap { encoder in
                enabled ? PostgresChangeRecorder(encoder: encoder, committedAt: time, lastSequence: lastSequence) : nil
            }
            let transaction = PostgresProjectionTransaction(
                connection: connection, logger: logger, recorder: recorder, rebuilding: rebuilding, prices: prices
            )
            let value = try await body(transaction)
            try await recorder?.finish(on: connection, logger: logger)
            return (value, recorder?.lastSequence)
        }
        if let lastSequence { lastRecorded.max(lastSequence, ordering: .relaxed) }
        return value
    }

    /// Clears every row and what is derived from them (but sessions, which keep the time they
    /// were created), then refolds each entity from the event log: traces first, so that their
    /// observations are written after them (which refreshes their traces' aggregates).
    public func rebuild() async throws -> RebuildSummary {
        try await projectionWrite(at: EpochMillis.now, rebuilding: true) { transaction in
            for table in ["traces", "observations", "scores", "trace_aggregates", "fold_states"] {
                try await transaction.rows(PostgresQuery(unsafeSQL: "DELETE FROM \(table)"))
            }
            let entities = try await transaction.rows("""
                SELECT project_id, entity_kind, entity_id, MAX(received_at) FROM events GROUP BY project_id, entity_kind, entity_id
                ORDER BY entity_kind = 'trace' DESC, project_id, entity_kind, entity_id
                """).compactMap { row -> (key: EntityKey, at: EpochMillis)? in
                    let (projectId, kind, id, lastReceived) = try row.decode((String, String, String, Int64).self)
                    guard let kind = EntityKind(rawValue: kind) else { return nil }
                    return (EntityKey(projectId: projectId, entity: EntityRef(kind: kind, id: id)), lastReceived)
                }
            for step in entities.chunks(ofCount: Projector.entitiesPerRefold) {
                try await Projector.refold(Array(step), in: transaction)
            }
            let counts = try await transaction.rows("""
                SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM traces), (SELECT count(*) FROM observations),
                    (SELECT count(*) FROM scores)
                """).first?.decode((Int, Int, Int, Int).self) ?? (0, 0, 0, 0)
            return RebuildSummary(events: counts.0, traces: counts.1, observations: counts.2, scores: counts.3)
        }
    }

    /// Deletes each trace with its observations, scores, aggregates, logged events (so that a
    /// rebuild does not bring them back) and a session no other trace is in. With the change
    /// feed on, every deleted row is published once more, marked deleted. Partition anchors stay: a trace id that comes back lands in its
    /// old partition, as in the lake.
    public func deleteTraces(projectId: String, ids: [String]) async throws -> Int {
        let ids = Array(Set(ids))
        return try await projectionWrite(at: EpochMillis.now) { transaction in
            for table in ["events", "fold_states"] {
                try await transaction.rows("""
                    DELETE FROM \(unescaped: table) e WHERE e.project_id = \(projectId) AND (
                        (e.entity_kind = 'trace' AND e.entity_id = ANY(\(ids)::text[]))
                        OR (e.entity_kind = 'observation' AND e.entity_id IN (
                            SELECT id FROM observations WHERE project_id = \(projectId) AND trace_id = ANY(\(ids)::text[])))
                        OR (e.entity_kind = 'score' AND e.entity_id IN (
                            SELECT id FROM scores WHERE project_id = \(projectId) AND trace_id = ANY(\(ids)::text[]))))
                    """)
            }
            let traces = try await transaction.rows("""
                DELETE FROM traces WHERE project_id = \(projectId) AND id = ANY(\(ids)::text[])
                RETURNING \(unescaped: PostgresRowCoding.traceColumns)
                """).map(PostgresRowCoding.trace)
            let observations = try await transaction.rows("""
                DELETE FROM observations WHERE project_id = \(projectId) AND trace_id = ANY(\(ids)::text[])
                RETURNING \(unescaped: PostgresRowCoding.observationColumns(bodies: true))
                """).map(PostgresRowCoding.observation)
            try await transaction.rows("DELETE FROM trace_aggregates WHERE project_id = \(projectId) AND trace_id = ANY(\(ids)::text[])")
            let scores = try await transaction.rows("""
                DELETE FROM scores WHERE project_id = \(projectId) AND trace_id = ANY(\(ids)::text[])
                RETURNING \(unescaped: PostgresRowCoding.scoreColumns)
                """).map(PostgresRowCoding.score)
            try await transaction.rows(PostgresSessions.deleteUnused(projectId: projectId, ids: traces.compactMap(\.sessionId)))
            if let recorder = transaction.recorder {
                let time = recorder.committedAt
                for var row in traces { row.updatedAt = time; recorder.record(.trace(row, deleted: true), sdk: nil) }
                for var row in observations { row.updatedAt = time; recorder.record(.observation(row, deleted: true), sdk: nil) }
                for var row in scores { row.updatedAt = time; recorder.record(.score(row, deleted: true), sdk: nil) }
            }
            return traces.count
        }
    }
}
