/// The columns an observation filter may name: Langfuse's observations and events table
/// columns (v1 and v2 observations), by id or table name, including the trace's attributes
/// every observation carries.
public enum ObservationColumn: String, FilterColumn {
    case id
    case type
    case name
    case traceId
    case parentObservationId
    case startTime
    case endTime
    case environment
    case level
    case statusMessage
    case version
    /// Seconds.
    case latency
    /// Seconds.
    case timeToFirstToken
    case tokensPerSecond
    case inputTokens
    case outputTokens
    case totalTokens
    case inputCost
    case outputCost
    case totalCost
    case model
    case modelId
    case promptName
    case promptVersion
    case metadata
    case input
    case output
    case isRootObservation
    case userId
    case sessionId
    case traceName
    case traceTags
    case traceEnvironment
    case release

    public var names: [String] {
        switch self {
        case .id: ["id", "ID"]
        case .type: ["type", "Type"]
        case .name: ["name", "Name"]
        case .traceId: ["traceId", "Trace ID"]
        case .parentObservationId: ["parentObservationId", "Parent Observation ID"]
        case .startTime: ["startTime", "Start Time"]
        case .endTime: ["endTime", "End Time"]
        case .environment: ["environment", "Environment"]
        case .level: ["level", "Level"]
        case .statusMessage: ["statusMessage", "Status Message"]
        case .version: ["version", "Version"]
        case .latency: ["latency", "Latency (s)"]
        case .timeToFirstToken: ["timeToFirstToken", "Time To First Token (s)"]
        case .tokensPerSecond: ["tokensPerSecond", "Tokens per second"]
        case .inputTokens: ["inputTokens", "Input Tokens"]
        case .outputTokens: ["outputTokens", "Output Tokens"]
        case .totalTokens: ["totalTokens", "Total Tokens", "tokens", "Tokens"]
        case .inputCost: ["inputCost", "Input Cost ($)"]
        case .outputCost: ["outputCost", "Output Cost ($)"]
        case .totalCost: ["totalCost", "Total Cost ($)"]
        case .model: ["model", "Model", "providedModelName", "Provided Model Name"]
        case .modelId: ["modelId", "Model ID"]
        case .promptName: ["promptName", "Prompt Name"]
        case .promptVersion: ["promptVersion", "Prompt Version"]
        case .metadata: ["metadata", "Metadata"]
        case .input: ["input", "Input"]
        case .output: ["output", "Output"]
        case .isRootObservation: ["isRootObservation", "Is Root Observation"]
        case .userId: ["userId", "User ID"]
        case .sessionId: ["sessionId", "Session ID"]
        case .traceName: ["traceName", "Trace Name"]
        case .traceTags: ["traceTags", "Trace Tags", "tags", "Tags"]
        case .traceEnvironment: ["traceEnvironment", "Trace Environment"]
        case .release: ["release", "Release"]
        }
    }

    public var kind: ColumnKind {
        switch self {
        case .id, .name, .traceId, .parentObservationId, .statusMessage, .version, .model, .modelId, .promptName,
             .input, .output, .userId, .sessionId, .traceName, .release: .string
        case .type, .environment, .level, .traceEnvironment: .stringOptions
        case .startTime, .endTime: .datetime
        case .latency, .timeToFirstToken, .tokensPerSecond, .inputTokens, .outputTokens, .totalTokens, .inputCost,
             .outputCost, .totalCost, .promptVersion: .number
        case .metadata: .stringObject
        case .traceTags: .arrayOptions
        case .isRootObservation: .boolean
        }
    }

    public var acceptsMatches: Bool { self == .input || self == .output || self == .metadata }
}
