import LangfarmCore
import LangfarmStore
import PostgresNIO

extension PostgresStore: RetentionStore {
    public func setRetention(projectId: String, _ retention: Retention?) async throws -> Bool {
        try await !rows("UPDATE projects SET retention_days = \(retention?.days) WHERE id = \(projectId) RETURNING 1").isEmpty
    }

    /// Each kind goes in one statement that picks its oldest rows through the time index.
    /// Traces whose observations expired get their aggregates recomputed; an expired trace
    /// keeps an aggregates row only while observations of it remain, as a rebuild leaves it.
    public func expire(projectId: String, before cutoff: EpochMillis, limit: Int) async throws -> ExpiredRows {
        try await projectionWrite(at: EpochMillis.now) { transaction in
            let observations = try await transaction.rows("""
                DELETE FROM observations WHERE project_id = \(projectId) AND id IN (
                    SELECT id FROM observations WHERE project_id = \(projectId) AND start_time < \(cutoff) ORDER BY start_time LIMIT \(limit))
                RETURNING id, trace_id
                """).map { try $0.decode((String, String).self) }
            try await deleteEvents(of: .observation, ids: observations.map(\.0), projectId: projectId, in: transaction)
            if !observations.isEmpty {
                try await transaction.rows(PostgresTraceAggregates.refresh(Set(observations.map { TraceKey(projectId: projectId, traceId: $0.1) })))
            }
            let scores = try await transaction.rows("""
                DELETE FROM scores WHERE project_id = \(projectId) AND id IN (
                    SELECT id FROM scores WHERE project_id = \(projectId) AND timestamp < \(cutoff) ORDER BY timestamp LIMIT \(limit))
                RETURNING id
                """).map { try $0.decode(String.self) }
            try await deleteEvents(of: .score, ids: scores, projectId: projectId, in: transaction)
            let traces = try await transaction.rows("""
                DELETE FROM traces WHERE project_id = \(projectId) AND id IN (
                    SELECT id FROM traces WHERE project_id = \(projectId) AND timestamp < \(cutoff) ORDER BY timestamp LIMIT \(limit))
                RETURNING id, session_id
                """).map { try $0.decode((String, String?).self) }
            try await deleteEvents(of: .trace, ids: traces.map(\.0), projectId: projectId, in: transaction)
            if !traces.isEmpty {
                try await transaction.rows("""
                    DELETE FROM trace_aggregates a WHERE a.project_id = \(projectId) AND a.trace_id = ANY(\(traces.map(\.0))::text[])
                        AND NOT EXISTS (SELECT 1 FROM observations o WHERE o.project_id = a.project_id AND o.trace_id = a.trace_id)
                    """)
                try await transaction.rows(PostgresSessions.deleteUnused(projectId: projectId, ids: traces.compactMap(\.1)))
            }
            return ExpiredRows(traces: traces.count, observations: observations.count, scores: scores.count)
        }
    }

    /// PostgreSQL's autovacuum makes the space of deleted rows reusable; giving it back to the
    /// file system takes `VACUUM FULL`, which locks the tables, and is left to the operator.
    public func reclaimFreeSpace(pages: Int) async throws -> Int { 0 }

    private func deleteEvents(of kind: EntityKind, ids: [String], projectId: String, in transaction: PostgresProjectionTransaction) async throws {
        guard !ids.isEmpty else { return }
        for table in ["events", "fold_states"] {
            try await transaction.rows("""
                DELETE FROM \(unescaped: table) WHERE project_id = \(projectId) AND entity_kind = \(kind.rawValue) AND entity_id = ANY(\(ids)::text[])
                """)
        }
    }
}
