/// A page of a project's observations, newest start first: what the v1 (offset) and v2
/// (cursor) observation lists ask the store for.
public struct ObservationListQuery: Sendable {
    public var projectId: String
    public var conditions: [FilterCondition<ObservationColumn>]
    public var paging: ObservationPaging

    public init(projectId: String, conditions: [FilterCondition<ObservationColumn>] = [], paging: ObservationPaging) {
        self.projectId = projectId
        self.conditions = conditions
        self.paging = paging
    }
}

/// Offset pages with a total (v1), or keyset pages after a position (v2): a cursor page costs
/// the same at any depth.
public enum ObservationPaging: Sendable, Equatable {
    case offset(PageRequest)
    case cursor(after: ObservationPosition?, limit: Int)
}

/// Where a v2 page ended: the last row's start time and id (rows are ordered by both, newest
/// first, so ties on start time never repeat or skip rows).
public struct ObservationPosition: Sendable, Equatable, Codable {
    public let startTime: EpochMillis
    public let id: String

    public init(startTime: EpochMillis, id: String) {
        self.startTime = startTime
        self.id = id
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

/// One page of observations: the total for offset pages, the next position for cursor pages.
public struct ObservationListPage: Sendable {
    public let items: [ObservationListItem]
    public let totalItems: Int?
    public let next: ObservationPosition?

    public init(items: [ObservationListItem], totalItems: Int?, next: ObservationPosition?) {
        self.items = items
        self.totalItems = totalItems
        self.next = next
    }
}
