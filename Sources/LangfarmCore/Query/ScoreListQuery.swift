/// A page of a project's scores, newest first: the v1, v2 (offset) and v3 (cursor) score
/// lists.
public struct ScoreListQuery: Sendable {
    public var projectId: String
    public var conditions: [FilterCondition<ScoreColumn>]
    public var scope: ScoreScope
    public var paging: ListPaging

    public init(projectId: String, conditions: [FilterCondition<ScoreColumn>] = [], scope: ScoreScope = .all, paging: ListPaging) {
        self.projectId = projectId
        self.conditions = conditions
        self.scope = scope
        self.paging = paging
    }
}

/// Which scores a list can see. v1 lists only what SDK 2 can parse: scores of traces (not of
/// sessions or dataset runs) of the numeric, categorical and boolean types, as Langfuse's v1.
public enum ScoreScope: Sendable, Equatable {
    case all
    case traceScoresOfClassicTypes
}

/// A score with the attributes of its trace that score lists show (nil for a score without a
/// trace, or whose trace has no row).
public struct ScoreListItem: Sendable, Equatable {
    public var score: ScoreRow
    public var trace: TraceContext?
    public var traceEnvironment: String?

    public init(score: ScoreRow, trace: TraceContext?, traceEnvironment: String?) {
        self.score = score
        self.trace = trace
        self.traceEnvironment = traceEnvironment
    }
}
