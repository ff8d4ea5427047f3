import LangfarmCore

/// Single rows and the rows of one trace, by id, and the raw event log.
public protocol RowReader: Sendable {
    func trace(projectId: String, id: String) async throws -> TraceRow?
    func observation(projectId: String, id: String) async throws -> ObservationRow?
    /// Observations of a trace, ordered by start time. Without `bodies`, their input, output,
    /// metadata and model parameters are left out: a trace page's tree of ten thousand
    /// observations needs none of them, and reading them would copy and parse every one.
    func observations(projectId: String, traceId: String, bodies: Bool) async throws -> [ObservationRow]
    func score(projectId: String, id: String) async throws -> ScoreRow?
    /// Scores of some traces, ordered by trace id, then timestamp.
    func scores(projectId: String, traceIds: [String]) async throws -> [ScoreRow]
    /// The raw event log of a project, in commit order.
    func loggedEvents(projectId: String) async throws -> [LoggedEvent]
}

extension RowReader {
    /// Observations of a trace with all their fields, ordered by start time.
    public func observations(projectId: String, traceId: String) async throws -> [ObservationRow] {
        try await observations(projectId: projectId, traceId: traceId, bodies: true)
    }

    /// Scores of a trace, ordered by timestamp.
    public func scores(projectId: String, traceId: String) async throws -> [ScoreRow] {
        try await scores(projectId: projectId, traceIds: [traceId])
    }
}
