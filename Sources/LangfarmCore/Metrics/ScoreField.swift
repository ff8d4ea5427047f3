/// The fields of the score views. Trace fields join the score's trace and observation fields
/// its observation: scores without one drop out of a query that uses them, as in Langfuse.
public enum ScoreField: String, MetricsField {
    case id
    case environment
    case name
    /// The evaluator that produced the score: metadata `evaluator_id`, else
    /// `job_configuration_id`.
    case evaluatorId
    case source
    case dataType
    case traceId
    case configId
    /// `YYYY-MM` of the score timestamp.
    case timestampMonth
    /// `YYYY-MM-DD` of the score timestamp.
    case timestampDay
    case observationId
    /// The score's own session (v2's `sessionId`).
    case sessionId
    case datasetRunId
    case traceName
    case userId
    case tags
    case traceRelease
    case traceVersion
    /// The trace's session (v1's `sessionId`).
    case traceSessionId
    case observationName
    case observationModelName
    case observationPromptName
    case observationPromptVersion
    /// Langfarm has no experiments: null on every score (v2).
    case experimentName
    case experimentId
    /// The numeric value (`scores-numeric`).
    case value
    /// The category (`scores-categorical`).
    case stringValue
    /// The value as true or false (`scores-boolean`).
    case booleanValue
    /// The time column, for filters only.
    case timestamp
    /// Metadata values by key, for filters only.
    case metadata

    public static func catalogue(for view: MetricsView, version: MetricsAPIVersion) -> MetricsCatalogue<ScoreField> {
        let relations: [ScoreField] = switch version {
        case .v1: [.traceName, .tags, .userId, .traceSessionId, .traceRelease, .traceVersion, .observationName,
                   .observationModelName, .observationPromptName, .observationPromptVersion]
        case .v2: [.sessionId, .datasetRunId, .traceName, .userId, .tags, .traceRelease, .traceVersion, .observationName,
                   .observationModelName, .observationPromptName, .observationPromptVersion, .experimentName, .experimentId]
        }
        let own: [ScoreField] = [.id, .environment, .name, .evaluatorId, .source, .dataType, .traceId, .configId,
                                 .timestampMonth, .timestampDay, .observationId]
        let valueField: [ScoreField] = switch view {
        case .scoresCategorical: [.stringValue]
        case .scoresBoolean: [.booleanValue]
        default: [.value]
        }
        return MetricsCatalogue(
            dimensions: (relations + own + valueField).map { ($0 == .traceSessionId ? "sessionId" : $0.rawValue, $0) },
            filterOnly: [("timestamp", .timestamp), ("metadata", .metadata)]
        )
    }

    public var names: [String] { self == .traceSessionId ? ["sessionId"] : [rawValue] }

    public var kind: ColumnKind {
        switch self {
        case .value: .number
        case .booleanValue: .boolean
        case .tags: .arrayOptions
        case .timestamp: .datetime
        case .metadata: .stringObject
        default: .string
        }
    }

    public var isHighCardinality: Bool {
        switch self {
        case .id, .traceId, .observationId, .sessionId, .datasetRunId, .userId, .evaluatorId, .experimentName, .experimentId: true
        default: false
        }
    }

    public var absentValue: MetricsValue {
        switch self {
        case .id, .environment, .name, .source, .dataType, .observationName: .text("")
        default: .null
        }
    }

    /// Whether the field is read from the score's trace.
    public var joinsTrace: Bool {
        switch self {
        case .traceName, .userId, .tags, .traceRelease, .traceVersion, .traceSessionId: true
        default: false
        }
    }

    /// Whether the field is read from the score's observation.
    public var joinsObservation: Bool {
        switch self {
        case .observationName, .observationModelName, .observationPromptName, .observationPromptVersion: true
        default: false
        }
    }
}

/// The measures of the score views.
public enum ScoreMeasure: String, MetricsMeasure {
    case count
    /// The numeric value (0 or 1 for booleans, whose average is the share of true).
    case value

    public static func catalogue(for view: MetricsView, version: MetricsAPIVersion) -> [(name: String, measure: ScoreMeasure)] {
        view == .scoresCategorical ? [("count", .count)] : [("count", .count), ("value", .value)]
    }

    public var valueType: MeasureValueType { self == .count ? .integer : .float }

    public var isNullable: Bool { false }
}
