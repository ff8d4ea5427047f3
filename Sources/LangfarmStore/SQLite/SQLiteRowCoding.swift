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

    static let insertTrace = """
        INSERT OR REPLACE INTO traces (project_id, id, timestamp, name, user_id, session_id, release, version,
            environment, public, bookmarked, tags, metadata, input, output, created_at, updated_at, dt, hh, row_version)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static func arguments(_ row: TraceRow, version: Int64?) -> StatementArguments {
        [
            row.projectId, row.id, row.timestamp, row.name, row.userId, row.sessionId, row.release, row.version,
            row.environment, row.isPublic, row.bookmarked, JSONValue.array(row.tags.map(JSONValue.string)).jsonText,
            JSONValue.object(row.metadata).jsonText, row.input?.jsonText, row.output?.jsonText,
            row.partition.createdAt, row.updatedAt, row.partition.dt, row.partition.hh, version,
        ]
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

    static let insertObservation = """
        INSERT OR REPLACE INTO observations (project_id, id, trace_id, type, parent_observation_id, environment,
            start_time, end_time, name, metadata, level, status_message, version, input, output,
            completion_start_time, provided_model_name, model_parameters, provided_usage_details,
            provided_cost_details, usage_details, cost_details, total_cost, internal_model_id,
            usage_pricing_tier_id, usage_pricing_tier_name, input_price, output_price, total_price,
            prompt_name, prompt_version, created_at, updated_at, dt, hh, row_version)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static func arguments(_ row: ObservationRow, version: Int64?) -> StatementArguments {
        [
            row.projectId, row.id, row.traceId, row.type, row.parentObservationId, row.environment,
            row.startTime, row.endTime, row.name, JSONValue.object(row.metadata).jsonText, row.level,
            row.statusMessage, row.version, row.input?.jsonText, row.output?.jsonText,
            row.completionStartTime, row.providedModelName, row.modelParameters?.jsonText,
            mapText(row.providedUsageDetails), mapText(row.providedCostDetails), mapText(row.usageDetails),
            decimalMapText(row.costDetails), row.totalCost?.decimalText, row.pricing?.modelId,
            row.pricing?.tierId, row.pricing?.tierName, row.pricing?.inputPrice?.decimalText,
            row.pricing?.outputPrice?.decimalText, row.pricing?.totalPrice?.decimalText, row.promptName, row.promptVersion,
            row.partition.createdAt, row.updatedAt, row.partition.dt, row.partition.hh, version,
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

    static let insertScore = """
        INSERT OR REPLACE INTO scores (project_id, id, timestamp, name, value, string_value, data_type, source,
            comment, trace_id, observation_id, session_id, dataset_run_id, environment, metadata, config_id,
            queue_id, execution_trace_id, created_at, updated_at, dt, hh, row_version)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static func arguments(_ row: ScoreRow, version: Int64?) -> StatementArguments {
        [
            row.projectId, row.id, row.timestamp, row.name, row.value, row.stringValue, row.dataType, row.source,
            row.comment, row.traceId, row.observationId, row.sessionId, row.datasetRunId, row.environment,
            JSONValue.object(row.metadata).jsonText, row.configId, row.queueId, row.executionTraceId,
            row.partition.createdAt, row.updatedAt, row.partition.dt, row.partition.hh, version,
        ]
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
