import LangfarmCore

/// What a trace list sorts by: a column of `traces`, named the same in every store, or one of
/// the per-trace aggregates, which each store keeps its own way.
public enum TraceSortColumn: Sendable, Equatable {
    case row(String)
    case aggregate(TraceSortAggregate)
}

public enum TraceSortAggregate: Sendable, Equatable {
    case latency
    case totalCost
    case totalTokens
    case observationCount
}

extension TraceSortField {
    public var column: TraceSortColumn {
        switch self {
        case .id: .row("id")
        case .timestamp: .row("timestamp")
        case .name: .row("name")
        case .userId: .row("user_id")
        case .sessionId: .row("session_id")
        case .release: .row("release")
        case .version: .row("version")
        case .public: .row("public")
        case .bookmarked: .row("bookmarked")
        case .latency: .aggregate(.latency)
        case .totalCost: .aggregate(.totalCost)
        case .totalTokens: .aggregate(.totalTokens)
        case .observationCount: .aggregate(.observationCount)
        }
    }
}
