/// The `type` of an ingestion envelope, as the Langfuse SDKs name them.
public enum EventType: String, Sendable, CaseIterable {
    case traceCreate = "trace-create"
    case scoreCreate = "score-create"
    case eventCreate = "event-create"
    case spanCreate = "span-create"
    case spanUpdate = "span-update"
    case generationCreate = "generation-create"
    case generationUpdate = "generation-update"
    case agentCreate = "agent-create"
    case toolCreate = "tool-create"
    case chainCreate = "chain-create"
    case retrieverCreate = "retriever-create"
    case evaluatorCreate = "evaluator-create"
    case embeddingCreate = "embedding-create"
    case guardrailCreate = "guardrail-create"
    case sdkLog = "sdk-log"
    case datasetRunItemCreate = "dataset-run-item-create"
    case observationCreate = "observation-create"
    case observationUpdate = "observation-update"
    /// Written by Langfarm itself when a score is deleted through the API, so that rebuilding the
    /// rows from the event log keeps the deletion. Clients cannot send it.
    case scoreDelete = "langfarm-score-delete"
    /// Written by Langfarm itself when someone bookmarks, publishes or tags a trace in the web UI
    /// (`TraceEdit`). Clients cannot send it.
    case traceEdit = "langfarm-trace-edit"

    /// Which merged row the event folds into.
    public var entityKind: EntityKind? {
        switch self {
        case .traceCreate, .traceEdit: return .trace
        case .scoreCreate, .scoreDelete: return .score
        case .sdkLog, .datasetRunItemCreate: return nil
        default: return .observation
        }
    }

    /// Updates sort after creates with the same timestamp (Langfuse's worker does the same).
    public var isUpdate: Bool {
        switch self {
        case .spanUpdate, .generationUpdate, .observationUpdate, .scoreDelete, .traceEdit: return true
        default: return false
        }
    }

    /// Events Langfarm writes itself into the event log. They act on the row as it stands when
    /// they are committed, so the projection stamps them after every event already logged for
    /// their entity, and ingestion refuses them from clients.
    public var isWrittenByLangfarm: Bool { self == .scoreDelete || self == .traceEdit }

    /// The observation type a typed event creates; legacy `observation-*` events carry their own.
    public var observationType: String? {
        switch self {
        case .spanCreate, .spanUpdate: return "SPAN"
        case .generationCreate, .generationUpdate: return "GENERATION"
        case .eventCreate: return "EVENT"
        case .agentCreate: return "AGENT"
        case .toolCreate: return "TOOL"
        case .chainCreate: return "CHAIN"
        case .retrieverCreate: return "RETRIEVER"
        case .evaluatorCreate: return "EVALUATOR"
        case .embeddingCreate: return "EMBEDDING"
        case .guardrailCreate: return "GUARDRAIL"
        default: return nil
        }
    }

    /// Types with generation fields (model, usage, cost, prompt).
    var carriesGenerationFields: Bool {
        switch self {
        case .spanCreate, .spanUpdate, .eventCreate: return false
        default: return entityKind == .observation
        }
    }

    /// Types a score-only (Bearer, public-key) caller may send.
    public var allowedForScoreScope: Bool { self == .scoreCreate || self == .sdkLog }
}

/// The three kinds of merged rows.
public enum EntityKind: String, Sendable, Hashable, CaseIterable {
    case trace
    case observation
    case score
}

/// Identifies one merged row within a project.
public struct EntityRef: Sendable, Hashable {
    public let kind: EntityKind
    public let id: String

    public init(kind: EntityKind, id: String) {
        self.kind = kind
        self.id = id
    }
}
