import Foundation

/// A page of a project's traces, filtered and sorted: what `GET /api/public/traces` and the
/// traces table ask the store for.
public struct TraceListQuery: Sendable {
    public var projectId: String
    public var conditions: [FilterCondition<TraceColumn>]
    public var order: TraceOrder
    public var page: PageRequest
    public var fields: TraceFieldGroups
    /// The traces table's search box (docs/SEARCH.md), ANDed with the conditions; the public
    /// API has none.
    public var search: TraceSearch?
    /// Count at most this many matches: a total above it only says "more". The traces table
    /// sets it for searches, whose matches are each checked against the text, so that the
    /// pager does not check twenty thousand of them for a page of fifty; the public API counts
    /// exactly.
    public var countLimit: Int?

    public init(
        projectId: String, conditions: [FilterCondition<TraceColumn>] = [], search: TraceSearch? = nil, order: TraceOrder = .newestFirst,
        page: PageRequest = PageRequest(page: 1, limit: 50), fields: TraceFieldGroups = .all
    ) {
        self.projectId = projectId
        self.conditions = conditions
        self.search = search
        self.order = order
        self.page = page
        self.fields = fields
    }
}

/// The sort of a trace list; ties are broken by id in the same direction, so pages never
/// overlap.
public struct TraceOrder: Sendable, Equatable {
    public var field: TraceSortField
    public var direction: SortDirection

    public init(field: TraceSortField, direction: SortDirection) {
        self.field = field
        self.direction = direction
    }

    public static let newestFirst = TraceOrder(field: .timestamp, direction: .descending)
}

/// The fields a trace list sorts by: the API's (`orderBy`), and the aggregates the traces
/// table sorts by.
public enum TraceSortField: String, Sendable, CaseIterable {
    case id
    case timestamp
    case name
    case userId
    case sessionId
    case release
    case version
    case `public`
    case bookmarked
    case latency
    case totalCost
    case totalTokens
    case observationCount

    /// The fields `GET /api/public/traces` accepts in `orderBy`, as Langfuse does.
    public static let publicAPI: [TraceSortField] = [.id, .timestamp, .name, .userId, .release, .version, .public, .bookmarked, .sessionId]
}

/// The optional parts of a trace in a list (`fields`); `core` is always there.
public struct TraceFieldGroups: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// `input`, `output` and `metadata`.
    public static let io = TraceFieldGroups(rawValue: 1)
    /// The ids of the trace's scores.
    public static let scores = TraceFieldGroups(rawValue: 2)
    /// The ids of the trace's observations.
    public static let observations = TraceFieldGroups(rawValue: 4)
    /// `totalCost` and `latency`.
    public static let metrics = TraceFieldGroups(rawValue: 8)
    public static let all: TraceFieldGroups = [.io, .scores, .observations, .metrics]

    /// Reads Langfuse's comma-separated `fields` (`core,io,…`); unknown names are dropped, as
    /// Langfuse drops them.
    public init(listed text: String) {
        var groups: TraceFieldGroups = []
        for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            switch name {
            case "io": groups.insert(.io)
            case "scores": groups.insert(.scores)
            case "observations": groups.insert(.observations)
            case "metrics": groups.insert(.metrics)
            default: break
            }
        }
        self = groups
    }
}

/// A trace in a list, with what the list shows beside its row.
public struct TraceListItem: Sendable, Equatable {
    public var trace: TraceRow
    public var aggregates: TraceAggregates
    /// Ids of its observations, when `fields` asked for them.
    public var observationIds: [String]
    /// Ids of its scores, when `fields` asked for them.
    public var scoreIds: [String]

    public init(trace: TraceRow, aggregates: TraceAggregates, observationIds: [String] = [], scoreIds: [String] = []) {
        self.trace = trace
        self.aggregates = aggregates
        self.observationIds = observationIds
        self.scoreIds = scoreIds
    }
}
