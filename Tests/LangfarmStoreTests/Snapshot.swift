import LangfarmCore
import LangfarmStore

/// Everything stored for one trace, with `updatedAt` blanked (it records when a row was last
/// refolded, which legitimately differs between deliveries).
struct Snapshot: Equatable {
    var trace: TraceRow?
    var observations: [ObservationRow]
    var scores: [ScoreRow]

    static func of(_ traceId: String, project: String, in store: any RowReader) async throws -> Snapshot {
        var trace = try await store.trace(projectId: project, id: traceId)
        trace?.updatedAt = 0
        let observations = try await store.observations(projectId: project, traceId: traceId).map { row in
            var row = row
            row.updatedAt = 0
            return row
        }
        let scores = try await store.scores(projectId: project, traceId: traceId).map { row in
            var row = row
            row.updatedAt = 0
            return row
        }
        return Snapshot(trace: trace, observations: observations, scores: scores)
    }
}
