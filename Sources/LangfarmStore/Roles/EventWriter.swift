import LangfarmCore

/// The write path: the event log and the rows folded from it.
public protocol EventWriter: Sendable {
    /// Appends the batches' events to the event log and refolds every row they touch, all in
    /// one durable transaction. An event whose envelope id its entity already logged is ignored
    /// (a retry).
    func commit(_ batches: [EventBatch]) async throws

    /// Recomputes every row from the event log.
    func rebuild() async throws -> RebuildSummary

    /// Deletes traces with their observations, scores and logged events; returns how many of
    /// the traces existed.
    func deleteTraces(projectId: String, ids: [String]) async throws -> Int
}
