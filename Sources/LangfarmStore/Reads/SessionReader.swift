import LangfarmCore

/// Sessions, for `GET /api/public/sessions[/{id}]` and the sessions pages.
public protocol SessionReader: Sendable {
    func sessions(_ query: SessionListQuery) async throws -> OffsetPage<SessionRow>
    func session(projectId: String, id: String) async throws -> SessionRow?
    /// Every trace of a session, oldest first.
    func traces(projectId: String, sessionId: String) async throws -> [TraceRow]
}
