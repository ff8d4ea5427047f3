import Foundation
import GRDB
import LangfarmCore

/// Column mapping between the typed rows and SQLite. JSON-valued columns are stored as text.
///
/// Every row is written with `row_version`: the change-feed sequence of the change that wrote
/// it, or NULL while the change feed is off.
enum SQLiteRowCoding {
    /// The query for one row of `kind` by project and id: the reads, the deletions and the
    /// change feed's read-back all look rows up this way.
    static func selectById(_ kind: EntityKind) -> String {
        let table = switch kind {
        case .trace: "traces"
        case .observation: "observations"
        case .score: "scores"
        }
        return "SELECT * FROM \(table) WHERE project_id = ? AND id = ?"
    }

    static func columns(_ row: TraceRow, version: Int64?) -> RowColumns {
        RowColumns(table: "traces", [
            ("project_id", row.projectId), ("id", row.id), ("timestamp", row.timestamp), ("name", row.name),
            ("user_id", row.userId), ("session_id", row.sessionId), ("release", row.release), ("version", row.version),
            ("environment", row.environment), ("public", row.isPublic), ("bookmarked", row.bookmarked),
            ("tags", JSONValue.array(row.tags.map(JSONValue.string)).jsonText), ("metadata", JSONValue.object(row.metadata).jsonText),
            ("input", row.input?.jsonText), ("output", row.output?.jsonText), ("created_at", row.partition.createdAt),
            ("updated_at", row.updatedAt), ("dt", row.partition.dt), ("hh", row.partition.hh), ("row_version", version),
        ])
    }

    static func trace(_ row: Row) -> TraceRow {
        TraceRow(
            projectId: row["project_id"], id: row["id"], timestamp: row["timestamp"], name: row["name"],
            userId: row["user_id"], sessionId: row["session_id"], release: row["release"], version: row["version"],
            environment: row["environment"], isPublic: row["public"], bookmarked: row["bookmarked"],
            tags: (json(row["tags"])?.arrayValue ?? []).compactMap(\.stringValue),
            metadata: json(row["metadata"])?.objectValue ?? [:], input: json(row["input"]), output: json(row["output"]),
            partition: PartitionTime(createdAt: row["created_at"]), updatedAt: row["updated_at"]
        )
    }

    /// The observation's own columns, the numbers derived from them and its trace's context.
    static func columns(_ row: ObservationRow, trace: TraceContext, version: Int64?) -> RowColumns {
        let measures = ObservationMeasures(row)
        return RowColumns(table: "observations", [
            ("project_id", row.projectId), ("id", row.id), ("trace_id", row.traceId), ("type", row.type),
            ("parent_observation_id", row.parentObservationId), ("environment", row.environment),
            ("start_time", row.startTime), ("end_time", row.endTime), ("name", row.name),
            ("metadata", JSONValue.object(row.metadata).jsonText), ("level", row.level), ("status_message", row.statusMessage),
            ("version", row.version), ("input", row.input?.jsonText), ("output", row.output?.jsonText),
            ("completion_start_time", row.completionStartTime), ("provided_model_name", row.providedModelName),
            ("model_parameters", row.modelParameters?.jsonText), ("provided_usage_details", mapText(row.providedUsageDetails)),
            ("provided_cost_details", mapText(row.providedCostDetails)), ("usage_details", mapText(row.usageDetails)),
            ("cost_details", decimalMapText(row.costDetails)), ("total_cost", row.totalCost?.decimalText),
            ("internal_model_id", row.pricing?.modelId), ("usage_pricing_tier_id", row.pricing?.tierId),
            ("usage_pricing_tier_name", row.pricing?.tierName), ("input_price", row.pricing?.inputPrice?.decimalText),
            ("output_price", row.pricing?.outputPrice?.decimalText), ("total_price", row.pricing?.totalPrice?.decimalText),
            ("prompt_name", row.promptName), ("prompt_version", row.promptVersion), ("created_at", row.partition.createdAt),
            ("updated_at", row.updatedAt), ("dt", row.partition.dt), ("hh", row.partition.hh), ("row_version", version),
            ("input_tokens", measures.inputTokens), ("output_tokens", measures.outputTokens),
            ("total_tokens", measures.totalTokens), ("input_cost", measures.inputCost), ("output_cost", measures.outputCost),
            ("total_cost_value", measures.totalCost), ("latency_ms", measures.latencyMillis),
            ("time_to_first_token_ms", measures.timeToFirstTokenMillis),
        ] + traceContextColumns(trace))
    }

    /// The copies of a trace's attributes that its observations carry.
    static func traceContextColumns(_ trace: TraceContext) -> [(String, (any DatabaseValueConvertible)?)] {
        [
            ("trace_name", trace.name), ("user_id", trace.userId), ("session_id", trace.sessionId),
            ("trace_tags", JSONValue.array(trace.tags.map(JSONValue.string)).jsonText), ("trace_release", trace.release),
            ("trace_version", trace.version), ("trace_bookmarked", trace.bookmarked), ("trace_public", trace.isPublic),
        ]
    }

    static func observation(_ row: Row) -> ObservationRow {
        ObservationRow(
            projectId: row["project_id"], id: row["id"], traceId: row["trace_id"], type: row["type"],
            parentObservationId: row["parent_observation_id"], environment: row["environment"],
            startTime: row["start_time"], endTime: row["end_time"], name: row["name"],
            metadata: json(row["metadata"])?.objectValue ?? [:], level: row["level"],
            statusMessage: row["status_message"], version: row["version"], input: json(row["input"]),
            output: json(row["output"]), completionStartTime: row["completion_start_time"],
            providedModelName: row["provided_model_name"], modelParameters: json(row["model_parameters"]),
            providedUsageDetails: numberMap(row["provided_usage_details"]),
            providedCostDetails: numberMap(row["provided_cost_details"]), usageDetails: numberMap(row["usage_details"]),
            costDetails: decimalMap(row["cost_details"]), totalCost: decimal(row["total_cost"]),
            pricing: pricing(row), promptName: row["prompt_name"],
            promptVersion: row["prompt_version"], partition: PartitionTime(createdAt: row["created_at"]),
            updatedAt: row["updated_at"]
        )
    }

    static func columns(_ row: ScoreRow, version: Int64?) -> RowColumns {
        RowColumns(table: "scores", [
            ("project_id", row.projectId), ("id", row.id), ("timestamp", row.timestamp), ("name", row.name),
            ("value", row.value), ("string_value", row.stringValue), ("data_type", row.dataType), ("source", row.source),
            ("comment", row.comment), ("trace_id", row.traceId), ("observation_id", row.observationId),
            ("session_id", row.sessionId), ("dataset_run_id", row.datasetRunId), ("environment", row.environment),
            ("metadata", JSONValue.object(row.metadata).jsonText), ("config_id", row.configId), ("queue_id", row.queueId),
            ("execution_trace_id", row.executionTraceId), ("created_at", row.partition.createdAt),
            ("updated_at", row.updatedAt), ("dt", row.partition.dt), ("hh", row.partition.hh), ("row_version", version),
        ])
    }

    static func score(_ row: Row) -> ScoreRow {
        ScoreRow(
            projectId: row["project_id"], id: row["id"], timestamp: row["timestamp"], name: row["name"],
            value: row["value"], stringValue: row["string_value"], dataType: row["data_type"], source: row["source"],
            comment: row["comment"], traceId: row["trace_id"], observationId: row["observation_id"],
            sessionId: row["session_id"], datasetRunId: row["dataset_run_id"], environment: row["environment"],
            metadata: json(row["metadata"])?.objectValue ?? [:], configId: row["config_id"], queueId: row["queue_id"],
            executionTraceId: row["execution_trace_id"], partition: PartitionTime(createdAt: row["created_at"]),
            updatedAt: row["updated_at"]
        )
    }

    static func apiKey(_ row: Row) -> APIKeyRecord {
        APIKeyRecord(
            publicKey: row["public_key"], hashedSecret: row["hashed_secret"], displaySecret: row["display_secret"],
            projectId: row["project_id"], name: row["name"], createdAt: row["created_at"]
        )
    }

    static func loggedEvent(_ row: Row) -> LoggedEvent {
        LoggedEvent(
            projectId: row["project_id"], envelopeId: row["envelope_id"], eventType: row["event_type"],
            entityKind: row["entity_kind"], entityId: row["entity_id"], eventTimestamp: row["event_ts"],
            receivedAt: row["received_at"], envelope: row["envelope"]
        )
    }

    /// An outbox or dead-letter row with its message.
    static func outboxEntry(_ row: Row, value: String) throws -> OutboxEntry {
        OutboxEntry(
            sequence: row["sequence"], kind: try entityKind(row), projectId: row["project_id"], entityId: row["entity_id"],
            key: row["message_key"], value: value, sdk: sdk(row), committedAt: row["committed_at"]
        )
    }

    static func entityKind(_ row: Row) throws -> EntityKind {
        guard let kind = EntityKind(rawValue: row["entity_kind"]) else {
            throw StoreError("outbox change \(row["sequence"] as Int64) names an unknown entity kind; was the store written by a newer Langfarm?")
        }
        return kind
    }

    static func sdk(_ row: Row) -> SDKIdentity? {
        let name: String? = row["sdk_name"]
        return name.map { SDKIdentity(name: $0, version: row["sdk_version"]) }
    }

    private static func json(_ text: String?) -> JSONValue? {
        text.flatMap(JSONValue.parseStored)
    }

    private static func numberMap(_ text: String?) -> [String: Double] {
        (json(text)?.objectValue ?? [:]).compactMapValues(\.numberValue)
    }

    private static func mapText(_ map: [String: Double]) -> String {
        JSONValue.object(map.mapValues(JSONValue.number)).jsonText
    }

    /// Costs are kept as decimal strings inside the JSON object, so they read back exactly.
    private static func decimalMapText(_ map: [String: Decimal]) -> String {
        JSONValue.object(map.mapValues { .string($0.decimalText) }).jsonText
    }

    /// Reads decimal strings, and the plain numbers rows held before costs became decimals.
    private static func decimalMap(_ text: String?) -> [String: Decimal] {
        (json(text)?.objectValue ?? [:]).compactMapValues { value in
            switch value {
            case .string(let text): return Decimal(decimalText: text)
            case .number(let number): return Decimal(jsonNumber: number)
            default: return nil
            }
        }
    }

    private static func decimal(_ value: DatabaseValue) -> Decimal? {
        switch value.storage {
        case .string(let text): return Decimal(decimalText: text)
        case .double(let number): return Decimal(jsonNumber: number)
        case .int64(let number): return Decimal(number)
        default: return nil
        }
    }

    private static func pricing(_ row: Row) -> ObservationPricing? {
        guard let modelId: String = row["internal_model_id"] else { return nil }
        return ObservationPricing(
            modelId: modelId, tierId: row["usage_pricing_tier_id"], tierName: row["usage_pricing_tier_name"],
            inputPrice: decimal(row["input_price"]), outputPrice: decimal(row["output_price"]),
            totalPrice: decimal(row["total_price"])
        )
    }
}
