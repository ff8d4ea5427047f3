/// The fields of v1's `traces` view.
public enum TraceField: String, MetricsField {
    case id
    case name
    case tags
    case userId
    case sessionId
    case release
    case version
    case environment
    /// `YYYY-MM` of the trace timestamp.
    case timestampMonth
    /// The time column, for filters only.
    case timestamp
    /// Metadata values by key, for filters only.
    case metadata

    public static func catalogue(for view: MetricsView, version: MetricsAPIVersion) -> MetricsCatalogue<TraceField> {
        MetricsCatalogue(
            dimensions: [TraceField.id, .name, .tags, .userId, .sessionId, .release, .version, .environment, .timestampMonth].map { ($0.rawValue, $0) },
            filterOnly: [("timestamp", .timestamp), ("metadata", .metadata)]
        )
    }

    public var names: [String] { [rawValue] }

    public var kind: ColumnKind {
        switch self {
        case .tags: .arrayOptions
        case .timestamp: .datetime
        case .metadata: .stringObject
        default: .string
        }
    }

    /// v1 has no high-cardinality rule.
    public var isHighCardinality: Bool { false }

    public var absentValue: MetricsValue { self == .name ? .text("") : .null }
}

/// The measures of v1's `traces` view: one value per trace.
public enum TraceMeasure: String, MetricsMeasure {
    case count
    /// The trace's observations; traces without one in the window drop out of a query that
    /// asks for an observation measure (Langfuse joins the observations).
    case observationsCount
    /// The trace's scores in the window; traces without one drop out of a query that asks
    /// for it.
    case scoresCount
    /// The trace's user, for `count` and `uniq`.
    case uniqueUserIds
    /// The trace's session, for `count` and `uniq`.
    case uniqueSessionIds
    /// Milliseconds from the first observation's start to the last one's end.
    case latency
    case totalTokens
    case totalCost

    public static func catalogue(for view: MetricsView, version: MetricsAPIVersion) -> [(name: String, measure: TraceMeasure)] {
        [TraceMeasure.count, .observationsCount, .scoresCount, .uniqueUserIds, .uniqueSessionIds, .latency, .totalTokens, .totalCost].map { ($0.rawValue, $0) }
    }

    /// Langfuse types `uniqueUserIds` and `uniqueSessionIds` as integers (a per-trace distinct
    /// count of 0 or 1, whose sum counts traces, not users); Langfarm takes them as the
    /// identifiers they stand for, so `count` and `uniq` give distinct users and sessions, as
    /// Langfuse's v2 traces declaration does.
    public var valueType: MeasureValueType {
        switch self {
        case .uniqueUserIds, .uniqueSessionIds: .identifier
        case .totalCost: .decimal
        case .count, .observationsCount, .scoresCount, .latency, .totalTokens: .integer
        }
    }

    public var isNullable: Bool {
        switch self {
        case .uniqueUserIds, .uniqueSessionIds, .latency: true
        case .count, .observationsCount, .scoresCount, .totalTokens, .totalCost: false
        }
    }

    /// Whether the measure needs the trace's observations in the window.
    public var joinsObservations: Bool {
        switch self {
        case .observationsCount, .latency, .totalTokens, .totalCost: true
        default: false
        }
    }
}
