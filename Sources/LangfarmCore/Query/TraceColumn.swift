/// The columns a trace filter may name: Langfuse's traces table columns
/// (`tracesTableUiColumnDefinitions`), by id or by table name.
public enum TraceColumn: String, FilterColumn {
    case id
    case name
    case timestamp
    case userId
    case sessionId
    case environment
    case version
    case release
    case tags
    case bookmarked
    case metadata
    /// Seconds, as Langfuse's "Latency (s)".
    case latency
    case inputTokens
    case outputTokens
    case totalTokens
    case inputCost
    case outputCost
    case totalCost
    /// The highest level among the trace's observations.
    case level
    case warningCount
    case errorCount
    case defaultCount
    case debugCount
    /// The average of the trace's numeric scores of one name (`key`).
    case scoresAverage
    /// The trace's categorical score values of one name (`key`).
    case scoreCategories
    /// The trace's boolean scores of one name (`key`).
    case scoreBooleans

    public var names: [String] {
        switch self {
        case .id: ["id", "ID", "traceId", "Trace ID"]
        case .name: ["name", "Name", "traceName", "Trace Name"]
        case .timestamp: ["timestamp", "Timestamp"]
        case .userId: ["userId", "User ID"]
        case .sessionId: ["sessionId", "Session ID"]
        case .environment: ["environment", "Environment"]
        case .version: ["version", "Version"]
        case .release: ["release", "Release"]
        case .tags: ["tags", "Tags", "traceTags", "Trace Tags"]
        case .bookmarked: ["bookmarked", "⭐️"]
        case .metadata: ["metadata", "Metadata"]
        case .latency: ["latency", "Latency (s)"]
        case .inputTokens: ["inputTokens", "Input Tokens"]
        case .outputTokens: ["outputTokens", "Output Tokens"]
        case .totalTokens: ["totalTokens", "Total Tokens", "tokens", "Tokens"]
        case .inputCost: ["inputCost", "Input Cost ($)"]
        case .outputCost: ["outputCost", "Output Cost ($)"]
        case .totalCost: ["totalCost", "Total Cost ($)"]
        case .level: ["level", "Level"]
        case .warningCount: ["warningCount", "Warning Level Count"]
        case .errorCount: ["errorCount", "Error Level Count"]
        case .defaultCount: ["defaultCount", "Default Level Count"]
        case .debugCount: ["debugCount", "Debug Level Count"]
        case .scoresAverage: ["scores_avg", "Scores (numeric)", "scores", "Scores"]
        case .scoreCategories: ["score_categories", "Scores (categorical)"]
        case .scoreBooleans: ["score_booleans", "Scores (boolean)"]
        }
    }

    public var kind: ColumnKind {
        switch self {
        case .id, .name, .userId, .sessionId, .version, .release: .string
        case .environment, .level: .stringOptions
        case .timestamp: .datetime
        case .tags: .arrayOptions
        case .bookmarked: .boolean
        case .metadata: .stringObject
        case .latency, .inputTokens, .outputTokens, .totalTokens, .inputCost, .outputCost, .totalCost,
             .warningCount, .errorCount, .defaultCount, .debugCount: .number
        case .scoresAverage: .numberObject
        case .scoreCategories: .categoryOptions
        case .scoreBooleans: .booleanObject
        }
    }
}
