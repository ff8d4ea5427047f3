/// The fields of the `observations` view (Langfuse's `observationsView` in v1 and
/// `eventsObservationsView` in v2). Trace attributes are read from the copies each
/// observation carries, in both versions.
public enum ObservationField: String, MetricsField {
    case id
    case traceId
    case parentObservationId
    /// Whether the observation has no parent (v2).
    case isRootObservation
    case type
    case name
    case level
    /// The observation's own version.
    case version
    case environment
    case userId
    case sessionId
    case tags
    /// The trace's release (v2 names it `release` and `traceRelease`, v1 `traceRelease`).
    case release
    /// The trace's name, or for a root observation of a trace without a name its own name
    /// (v2's definition, used in both versions).
    case traceName
    /// The trace's version (v1). v2's `traceVersion` is the observation's own `version`, as
    /// Langfuse's events table defines it.
    case traceVersion
    case providedModelName
    case promptName
    case promptVersion
    /// `YYYY-MM` of the start time.
    case startTimeMonth
    /// A key of the cost details; each observation counts once per key (v2).
    case costType
    /// A key of the usage details; each observation counts once per key (v2).
    case usageType
    /// Langfarm has no experiments: these are null on every observation (v2).
    case experimentName
    case experimentDatasetId
    case experimentId
    /// The time column, for filters only.
    case startTime
    /// Metadata values by key, for filters only.
    case metadata

    public static let unsupportedNames: [String: String] = [
        "toolNames": "Langfarm does not record the tools an observation defines",
        "calledToolNames": "Langfarm does not record the tools an observation calls",
    ]

    public static func catalogue(for view: MetricsView, version: MetricsAPIVersion) -> MetricsCatalogue<ObservationField> {
        let filterOnly: [(name: String, field: ObservationField)] = [("start_time", .startTime), ("startTime", .startTime), ("metadata", .metadata)]
        switch version {
        case .v1:
            return MetricsCatalogue(dimensions: [
                ("id", .id), ("traceId", .traceId), ("traceName", .traceName), ("environment", .environment),
                ("parentObservationId", .parentObservationId), ("type", .type), ("name", .name), ("level", .level),
                ("version", .version), ("tags", .tags), ("providedModelName", .providedModelName), ("promptName", .promptName),
                ("promptVersion", .promptVersion), ("userId", .userId), ("sessionId", .sessionId), ("traceRelease", .release),
                ("traceVersion", .traceVersion), ("startTimeMonth", .startTimeMonth),
            ], filterOnly: filterOnly)
        case .v2:
            return MetricsCatalogue(dimensions: [
                ("id", .id), ("traceId", .traceId), ("environment", .environment), ("parentObservationId", .parentObservationId),
                ("isRootObservation", .isRootObservation), ("type", .type), ("name", .name), ("level", .level), ("version", .version),
                ("userId", .userId), ("sessionId", .sessionId), ("tags", .tags), ("release", .release), ("traceName", .traceName),
                ("traceRelease", .release), ("traceVersion", .version), ("providedModelName", .providedModelName),
                ("promptName", .promptName), ("promptVersion", .promptVersion), ("startTimeMonth", .startTimeMonth),
                ("costType", .costType), ("usageType", .usageType), ("experimentName", .experimentName),
                ("experimentDatasetId", .experimentDatasetId), ("experimentId", .experimentId),
            ], filterOnly: filterOnly)
        }
    }

    public var names: [String] {
        switch self {
        case .release: ["release", "traceRelease"]
        case .startTime: ["start_time", "startTime"]
        default: [rawValue]
        }
    }

    public var kind: ColumnKind {
        switch self {
        case .isRootObservation: .boolean
        case .tags: .arrayOptions
        case .startTime: .datetime
        case .metadata: .stringObject
        default: .string
        }
    }

    public var isHighCardinality: Bool {
        switch self {
        case .id, .traceId, .parentObservationId, .userId, .sessionId, .experimentName, .experimentDatasetId, .experimentId: true
        default: false
        }
    }

    public var absentValue: MetricsValue {
        switch self {
        case .name, .type, .level: .text("")
        default: .null
        }
    }
}

/// The measures of the `observations` view: one value per observation.
public enum ObservationMeasure: String, MetricsMeasure {
    case count
    case traceId
    case uniqueUserIds
    case uniqueSessionIds
    /// End minus start, in milliseconds.
    case latency
    /// End minus completion start, in milliseconds.
    case streamingLatency
    case timeToFirstToken
    case inputTokens
    case outputTokens
    case totalTokens
    /// Output tokens per second from completion start to end.
    case outputTokensPerSecond
    /// Total tokens per second from start to end.
    case tokensPerSecond
    case inputCost
    case outputCost
    case totalCost
    /// How many scores in the window are attached to the observation; observations without
    /// one drop out of a query that asks for it (Langfuse joins the scores).
    case countScores
    /// The value of each cost details key (with the `costType` dimension).
    case costByType
    /// The value of each usage details key (with the `usageType` dimension).
    case usageByType

    public static let unsupportedNames: [String: String] = [
        "toolDefinitions": "Langfarm does not record the tools an observation defines",
        "toolCalls": "Langfarm does not record the tools an observation calls",
    ]

    public static func catalogue(for view: MetricsView, version: MetricsAPIVersion) -> [(name: String, measure: ObservationMeasure)] {
        let common: [ObservationMeasure] = [
            .count, .latency, .streamingLatency, .inputTokens, .outputTokens, .totalTokens, .outputTokensPerSecond,
            .tokensPerSecond, .inputCost, .outputCost, .totalCost, .timeToFirstToken, .countScores,
        ]
        let measures = version == .v1 ? common : [.count, .traceId, .uniqueUserIds, .uniqueSessionIds] + common.dropFirst() + [.costByType, .usageByType]
        return measures.map { ($0.rawValue, $0) }
    }

    public var valueType: MeasureValueType {
        switch self {
        case .traceId, .uniqueUserIds, .uniqueSessionIds: .identifier
        case .inputCost, .outputCost, .totalCost, .costByType: .decimal
        case .outputTokensPerSecond, .tokensPerSecond: .float
        case .count, .latency, .streamingLatency, .timeToFirstToken, .inputTokens, .outputTokens, .totalTokens, .countScores,
             .usageByType: .integer
        }
    }

    public var isNullable: Bool {
        switch self {
        case .uniqueUserIds, .uniqueSessionIds, .latency, .streamingLatency, .timeToFirstToken, .outputTokensPerSecond,
             .tokensPerSecond, .totalCost: true
        case .count, .traceId, .inputTokens, .outputTokens, .totalTokens, .inputCost, .outputCost, .countScores, .costByType,
             .usageByType: false
        }
    }

    public var requiredDimensionName: String? {
        switch self {
        case .costByType: "costType"
        case .usageByType: "usageType"
        default: nil
        }
    }
}
