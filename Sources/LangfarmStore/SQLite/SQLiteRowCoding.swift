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

    static let traces = SQLiteTable("traces", [
        "project_id", "id", "timestamp", "name", "user_id", "session_id", "release", "version", "environment", "public",
        "bookmarked", "tags", "metadata", "input", "output", "created_at", "updated_at", "dt", "hh", "row_version",
    ])

    static func columns(_ row: TraceRow, version: Int64?) -> RowColumns {
        RowColumns(traces, [
            ("project_id", value(row.projectId)), ("id", value(row.id)), ("timestamp", value(row.timestamp)),
            ("name", value(row.name)), ("user_id", value(row.userId)), ("session_id", value(row.sessionId)),
            ("release", value(row.release)), ("version", value(row.version)), ("environment", value(row.environment)),
            ("public", value(row.isPublic)), ("bookmarked", value(row.bookmarked)), ("tags", value(StoredJSON.tagsText(row.tags))),
            ("metadata", value(StoredJSON.objectText(row.metadata))), ("input", value(row.input?.jsonText)),
            ("output", value(row.output?.jsonText)), ("created_at", value(row.partition.createdAt)),
            ("updated_at", value(row.updatedAt)), ("dt", value(row.partition.dt)), ("hh", value(row.partition.hh)),
            ("row_version", value(version)),
        ])
    }

    private static func value(_ value: (some DatabaseValueConvertible)?) -> DatabaseValue {
        value?.databaseValue ?? .null
    }

    static func trace(_ row: Row) -> TraceRow {
        TraceRow(
            projectId: row["project_id"], id: row["id"], timestamp: row["timestamp"], name: row["name"],
            userId: row["user_id"], sessionId: row["session_id"], release: row["release"], version: row["version"],
            environment: row["environment"], isPublic: row["public"], bookmarked: row["bookmarked"],
            tags: StoredJSON.tags(row["tags"]),
            metadata: StoredJSON.object(row["metadata"]), input: StoredJSON.value(row["input"]), output: StoredJSON.value(row["output"]),
            partition: PartitionTime(createdAt: row["created_at"]), updatedAt: row["updated_at"]
        )
    }

    static let observations = SQLiteTable("observations", [
        "project_id", "id", "trace_id", "type", "parent_observation_id", "environment", "start_time", "end_time", "name",
        "metadata", "level", "status_message", "version", "input", "output", "completion_start_time", "provided_model_name",
        "model_parameters", "provided_usage_details", "provided_cost_details", "usage_details", "cost_details", "total_cost",
        "internal_model_id", "usage_pricing_tier_id", "usage_pricing_tier_name", "input_price", "output_price", "total_price",
        "prompt_name", "prompt_version", "created_at", "updated_at", "dt", "hh", "row_version", "input_tokens", "output_tokens",
        "total_tokens", "input_cost", "output_cost", "total_cost_value", "latency_ms", "time_to_first_token_ms",
    ] + traceContextColumnNames)

    /// An observation's columns with its bodies (input, output, metadata, model parameters)
    /// read as NULL, which `observation(_:)` decodes as absent.
    static let observationOutlineColumns = observations.columns.map {
        ["metadata", "input", "output", "model_parameters"].contains($0) ? "NULL AS \($0)" : $0
    }.joined(separator: ", ")

    /// The observation's own columns, the numbers derived from them and its trace's context.
    static func columns(_ row: ObservationRow, measures: ObservationMeasures, trace: TraceContext, version: Int64?) -> RowColumns {
        RowColumns(observations, [
            ("project_id", value(row.projectId)), ("id", value(row.id)), ("trace_id", value(row.traceId)),
            ("type", value(row.type)), ("parent_observation_id", value(row.parentObservationId)),
            ("environment", value(row.environment)), ("start_time", value(row.startTime)), ("end_time", value(row.endTime)),
            ("name", value(row.name)), ("metadata", value(StoredJSON.objectText(row.metadata))), ("level", value(row.level)),
            ("status_message", value(row.statusMessage)), ("version", value(row.version)), ("input", value(row.input?.jsonText)),
            ("output", value(row.output?.jsonText)), ("completion_start_time", value(row.completionStartTime)),
            ("provided_model_name", value(row.providedModelName)), ("model_parameters", value(row.modelParameters?.jsonText)),
            ("provided_usage_details", value(StoredJSON.numberMapText(row.providedUsageDetails))),
            ("provided_cost_details", value(StoredJSON.numberMapText(row.providedCostDetails))), ("usage_details", value(StoredJSON.numberMapText(row.usageDetails))),
            ("cost_details", value(StoredJSON.decimalMapText(row.costDetails))), ("total_cost", value(row.totalCost?.decimalText)),
            ("internal_model_id", value(row.pricing?.modelId)), ("usage_pricing_tier_id", value(row.pricing?.tierId)),
            ("usage_pricing_tier_name", value(row.pricing?.tierName)), ("input_price", value(row.pricing?.inputPrice?.decimalText)),
            ("output_price", value(row.pricing?.outputPrice?.decimalText)),
            ("total_price", value(row.pricing?.totalPrice?.decimalText)), ("prompt_name", value(row.promptName)),
            ("prompt_version", value(row.promptVersion)), ("created_at", value(row.partition.createdAt)),
            ("updated_at", value(row.updatedAt)), ("dt", value(row.partition.dt)), ("hh", value(row.partition.hh)),
            ("row_version", value(version)), ("input_tokens", value(measures.inputTokens)),
            ("output_tokens", value(measures.outputTokens)), ("total_tokens", value(measures.totalTokens)),
            ("input_cost", value(measures.inputCost)), ("output_cost", value(measures.outputCost)),
            ("total_cost_value", value(measures.totalCost)), ("latency_ms", value(measures.latencyMillis)),
            ("time_to_first_token_ms", value(measures.timeToFirstTokenMillis)),
        ] + traceContextColumns(trace))
    }

    static let traceContextColumnNames = [
        "trace_name", "user_id", "session_id", "trace_tags", "trace_release", "trace_version", "trace_bookmarked", "trace_public",
    ]

    /// The copies of a trace's attributes that its observations carry.
    static func traceContextColumns(_ trace: TraceContext) -> [(String, DatabaseValue)] {
        [
            ("trace_name", value(trace.name)), ("user_id", value(trace.userId)), ("session_id", value(trace.sessionId)),
            ("trace_tags", value(StoredJSON.tagsText(trace.tags))), ("trace_release", value(trace.release)),
            ("trace_version", value(trace.version)), ("trace_bookmarked", value(trace.bookmarked)),
            ("trace_public", value(trace.isPublic)),
        ]
    }

    static func observation(_ row: Row) -> ObservationRow {
        ObservationRow(
            projectId: row["project_id"], id: row["id"], traceId: row["trace_id"], type: row["type"],
            parentObservationId: row["parent_observation_id"], environment: row["environment"],
            startTime: row["start_time"], endTime: row["end_time"], name: row["name"],
            metadata: StoredJSON.object(row["metadata"]), level: row["level"],
            statusMessage: row["status_message"], version: row["version"], input: StoredJSON.value(row["input"]),
            output: StoredJSON.value(row["output"]), completionStartTime: row["completion_start_time"],
            providedModelName: row["provided_model_name"], modelParameters: StoredJSON.value(row["model_parameters"]),
            providedUsageDetails: StoredJSON.numberMap(row["provided_usage_details"]),
            providedCostDetails: StoredJSON.numberMap(row["provided_cost_details"]), usageDetails: StoredJSON.numberMap(row["usage_details"]),
            costDetails: StoredJSON.decimalMap(row["cost_details"]), totalCost: decimal(row["total_cost"]),
            pricing: pricing(row), promptName: row["prompt_name"],
            promptVersion: row["prompt_version"], partition: PartitionTime(createdAt: row["created_at"]),
            updatedAt: row["updated_at"]
        )
    }

    /// The trace context an observation row carries.
    static func traceContext(_ row: Row) -> TraceContext {
        TraceContext(
            name: row["trace_name"], userId: row["user_id"], sessionId: row["session_id"],
            tags: StoredJSON.tags(row["trace_tags"]), release: row["trace_release"],
            version: row["trace_version"], bookmarked: row["trace_bookmarked"] ?? false, isPublic: row["trace_public"] ?? false
        )
    }

    static let scores = SQLiteTable("scores", [
        "project_id", "id", "timestamp", "name", "value", "string_value", "data_type", "source", "comment", "trace_id",
        "observation_id", "session_id", "dataset_run_id", "environment", "metadata", "config_id", "queue_id",
        "execution_trace_id", "created_at", "updated_at", "dt", "hh", "row_version",
    ])

    static func columns(_ row: ScoreRow, version: Int64?) -> RowColumns {
        RowColumns(scores, [
            ("project_id", value(row.projectId)), ("id", value(row.id)), ("timestamp", value(row.timestamp)),
            ("name", value(row.name)), ("value", value(row.value)), ("string_value", value(row.stringValue)),
            ("data_type", value(row.dataType)), ("source", value(row.source)), ("comment", value(row.comment)),
            ("trace_id", value(row.traceId)), ("observation_id", value(row.observationId)), ("session_id", value(row.sessionId)),
            ("dataset_run_id", value(row.datasetRunId)), ("environment", value(row.environment)),
            ("metadata", value(StoredJSON.objectText(row.metadata))), ("config_id", value(row.configId)),
            ("queue_id", value(row.queueId)), ("execution_trace_id", value(row.executionTraceId)),
            ("created_at", value(row.partition.createdAt)), ("updated_at", value(row.updatedAt)), ("dt", value(row.partition.dt)),
            ("hh", value(row.partition.hh)), ("row_version", value(version)),
        ])
    }

    static func score(_ row: Row) -> ScoreRow {
        ScoreRow(
            projectId: row["project_id"], id: row["id"], timestamp: row["timestamp"], name: row["name"],
            value: row["value"], stringValue: row["string_value"], dataType: row["data_type"], source: row["source"],
            comment: row["comment"], traceId: row["trace_id"], observationId: row["observation_id"],
            sessionId: row["session_id"], datasetRunId: row["dataset_run_id"], environment: row["environment"],
            metadata: StoredJSON.object(row["metadata"]), configId: row["config_id"], queueId: row["queue_id"],
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
