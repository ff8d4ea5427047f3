/// A page of a project's observations, newest start first: what the v1 (offset) and v2
/// (cursor) observation lists ask the store for.
public struct ObservationListQuery: Sendable {
    public var projectId: String
    public var conditions: [FilterCondition<ObservationColumn>]
    public var paging: ListPaging

    public init(projectId: String, conditions: [FilterCondition<ObservationColumn>] = [], paging: ListPaging) {
        self.projectId = projectId
        self.conditions = conditions
        self.paging = paging
    }
}

/// An observation with its trace's attributes.
public struct ObservationListItem: Sendable, Equatable {
    public var observation: ObservationRow
    public var trace: TraceContext

    public init(observation: ObservationRow, trace: TraceContext) {
        self.observation = observation
        self.trace = trace
    }
}
