import LangfarmCore
import LangfarmStore
import PostgresNIO

extension PostgresStore: RowReader {
    public func trace(projectId: String, id: String) async throws -> TraceRow? {
        try await rows("SELECT \(unescaped: PostgresRowCoding.traceColumns) FROM traces WHERE project_id = \(projectId) AND id = \(id)")
            .first.map(PostgresRowCoding.trace)
    }

    public func observation(projectId: String, id: String) async throws -> ObservationRow? {
        try await rows("""
            SELECT \(unescaped: PostgresRowCoding.observationColumns(bodies: true)) FROM observations
            WHERE project_id = \(projectId) AND id = \(id)
            """).first.map(PostgresRowCoding.observation)
    }

    public func observations(projectId: String, traceId: String, bodies: Bool) async throws -> [ObservationRow] {
        try await rows("""
            SELECT \(unescaped: PostgresRowCoding.observationColumns(bodies: bodies)) FROM observations
            WHERE project_id = \(projectId) AND trace_id = \(traceId) ORDER BY start_time, id
            """).map(PostgresRowCoding.observation)
    }

    public func score(projectId: String, id: String) async throws -> ScoreRow? {
        try await rows("SELECT \(unescaped: PostgresRowCoding.scoreColumns) FROM scores WHERE project_id = \(projectId) AND id = \(id)")
            .first.map(PostgresRowCoding.score)
    }

    public func scores(projectId: String, traceIds: [String]) async throws -> [ScoreRow] {
        guard !traceIds.isEmpty else { return [] }
        return try await rows("""
            SELECT \(unescaped: PostgresRowCoding.scoreColumns) FROM scores
            WHERE project_id = \(projectId) AND trace_id = ANY(\(traceIds)::text[]) ORDER BY trace_id, timestamp, id
            """).map(PostgresRowCoding.score)
    }

    public func loggedEvents(projectId: String) async throws -> [LoggedEvent] {
        try await rows("""
            SELECT project_id, envelope_id, event_type, entity_kind, entity_id, event_ts, received_at, envelope
            FROM events WHERE project_id = \(projectId) ORDER BY seq
            """).map { row in
                let (projectId, envelopeId, eventType, kind, entityId, timestamp, receivedAt, envelope) =
                    try row.decode((String, String, String, String, String, Int64, Int64, String).self)
                return LoggedEvent(
                    projectId: projectId, envelopeId: envelopeId, eventType: eventType, entityKind: kind, entityId: entityId,
                    eventTimestamp: timestamp, receivedAt: receivedAt, envelope: envelope
                )
            }
    }
}
