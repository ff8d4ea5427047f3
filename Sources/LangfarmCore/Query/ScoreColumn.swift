/// What a score list filters on: Langfuse's scores table columns (by id or name; the `filter`
/// parameter of v2 scores accepts `metadata`), and the conditions the scores endpoints' own
/// parameters make.
public enum ScoreColumn: String, FilterColumn {
    case id
    case name
    case timestamp
    case environment
    case source
    case dataType
    case value
    case stringValue
    case configId
    case queueId
    case authorUserId
    case traceId
    case observationId
    case sessionId
    case datasetRunId
    case metadata
    /// The user of the score's trace.
    case userId
    /// The tags of the score's trace.
    case traceTags

    public var names: [String] {
        switch self {
        case .id: ["id", "ID"]
        case .name: ["name", "Name"]
        case .timestamp: ["timestamp", "Timestamp"]
        case .environment: ["environment", "Environment"]
        case .source: ["source", "Source"]
        case .dataType: ["dataType", "Data Type"]
        case .value: ["value", "Value"]
        case .stringValue: ["stringValue", "String Value"]
        case .configId: ["configId", "Config ID"]
        case .queueId: ["queueId", "Queue ID"]
        case .authorUserId: ["authorUserId", "Author User ID"]
        case .traceId: ["traceId", "Trace ID"]
        case .observationId: ["observationId", "Observation ID"]
        case .sessionId: ["sessionId", "Session ID"]
        case .datasetRunId: ["datasetRunId", "Dataset Run ID"]
        case .metadata: ["metadata", "Metadata"]
        case .userId: ["userId", "User ID"]
        case .traceTags: ["traceTags", "trace_tags", "Trace Tags"]
        }
    }

    public var kind: ColumnKind {
        switch self {
        case .id, .name, .stringValue, .configId, .queueId, .authorUserId, .traceId, .observationId, .sessionId,
             .datasetRunId, .userId: .string
        case .environment, .source, .dataType: .stringOptions
        case .timestamp: .datetime
        case .value: .number
        case .metadata: .stringObject
        case .traceTags: .arrayOptions
        }
    }
}
