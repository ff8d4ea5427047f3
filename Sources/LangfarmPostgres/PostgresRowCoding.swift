import Foundation
import LangfarmCore
import LangfarmStore
import PostgresNIO

/// Column mapping between the typed rows and PostgreSQL, in the shapes `StoredJSON` gives
/// every store. Every row is written with `row_version`: the change-feed sequence of the change
/// that wrote it, or NULL while the feed is off.
enum PostgresRowCoding {
    static let key = ["project_id", "id"]

    /// Logged events, as the projection appends them and `migrate` imports them.
    static func events(_ events: [LoggedEvent]) -> PostgresRowBatch {
        var batch = PostgresRowBatch(table: "events")
        batch.add("project_id", "text", events.map(\.projectId))
        batch.add("entity_kind", "text", events.map(\.entityKind))
        batch.add("entity_id", "text", events.map(\.entityId))
        batch.add("envelope_id", "text", events.map(\.envelopeId))
        batch.add("event_type", "text", events.map(\.eventType))
        batch.add("event_ts", "bigint", events.map(\.eventTimestamp))
        batch.add("received_at", "bigint", events.map(\.receivedAt))
        batch.add("envelope", "text", events.map(\.envelope))
        return batch
    }

    /// An event is logged once per envelope of an entity.
    static let eventKey = ["project_id", "entity_kind", "entity_id", "envelope_id"]

    static func traces(_ rows: [(row: TraceRow, version: Int64?)]) -> PostgresRowBatch {
        var batch = PostgresRowBatch(table: "traces")
        batch.add("project_id", "text", rows.map(\.row.projectId))
        batch.add("id", "text", rows.map(\.row.id))
        batch.add("timestamp", "bigint", rows.map(\.row.timestamp))
        batch.add("name", "text", rows.map(\.row.name))
        batch.add("user_id", "text", rows.map(\.row.userId))
        batch.add("session_id", "text", rows.map(\.row.sessionId))
        batch.add("release", "text", rows.map(\.row.release))
        batch.add("version", "text", rows.map(\.row.version))
        batch.add("environment", "text", rows.map(\.row.environment))
        batch.add("public", "boolean", rows.map(\.row.isPublic))
        batch.add("bookmarked", "boolean", rows.map(\.row.bookmarked))
        batch.add("tags", "text[]", rows.map { StoredJSON.tagsText($0.row.tags) })
        batch.add("metadata", "text", rows.map { StoredJSON.objectText($0.row.metadata) })
        batch.add("input", "text", rows.map { $0.row.input?.jsonText })
        batch.add("output", "text", rows.map { $0.row.output?.jsonText })
        batch.add("created_at", "bigint", rows.map(\.row.partition.createdAt))
        batch.add("updated_at", "bigint", rows.map(\.row.updatedAt))
        batch.add("row_version", "bigint", rows.map(\.version))
        return batch
    }

    static let traceColumns = traceColumnNames.joined(separator: ", ")

    private static let traceColumnNames = [
        "project_id", "id", "timestamp", "name", "user_id", "session_id", "release", "version", "environment", "public", "bookmarked",
        "tags", "metadata", "input", "output", "created_at", "updated_at",
    ]

    /// The columns of a trace `alias` in a list, in `trace(_:)`'s order; without `io`,
    /// metadata reads as `{}` and input and output as NULL, without reading them.
    static func traceColumns(of alias: String, io: Bool) -> String {
        traceColumnNames.map { name in
            switch name {
            case "metadata" where !io: "'{}'::text"
            case "input" where !io, "output" where !io: "NULL::text"
            default: "\(alias).\(name)"
            }
        }.joined(separator: ", ")
    }

    /// How many columns `trace(_:)` reads.
    static var traceColumnCount: Int { traceColumnNames.count }

    static func trace(_ row: PostgresRow) throws -> TraceRow {
        let columns = row.makeRandomAccess()
        func text(_ index: Int) throws -> String? { try columns[index].decode(String?.self) }
        return TraceRow(
            projectId: try columns[0].decode(String.self), id: try columns[1].decode(String.self),
            timestamp: try columns[2].decode(Int64.self), name: try text(3), userId: try text(4), sessionId: try text(5),
            release: try text(6), version: try text(7), environment: try columns[8].decode(String.self),
            isPublic: try columns[9].decode(Bool.self), bookmarked: try columns[10].decode(Bool.self),
            tags: try columns[11].decode([String].self), metadata: StoredJSON.object(try text(12)),
            input: StoredJSON.value(try text(13)), output: StoredJSON.value(try text(14)),
            partition: PartitionTime(createdAt: try columns[15].decode(Int64.self)), updatedAt: try columns[16].decode(Int64.self)
        )
    }

    static func observations(_ rows: [(row: ObservationRow, version: Int64?)]) -> PostgresRowBatch {
        var batch = PostgresRowBatch(table: "observations")
        let measures = rows.map { ObservationMeasures($0.row) }
        batch.add("project_id", "text", rows.map(\.row.projectId))
        batch.add("id", "text", rows.map(\.row.id))
        batch.add("trace_id", "text", rows.map(\.row.traceId))
        batch.add("type", "text", rows.map(\.row.type))
        batch.add("parent_observation_id", "text", rows.map(\.row.parentObservationId))
        batch.add("environment", "text", rows.map(\.row.environment))
        batch.add("start_time", "bigint", rows.map(\.row.startTime))
        batch.add("end_time", "bigint", rows.map(\.row.endTime))
        batch.add("name", "text", rows.map(\.row.name))
        batch.add("metadata", "text", rows.map { StoredJSON.objectText($0.row.metadata) })
        batch.add("level", "text", rows.map(\.row.level))
        batch.add("status_message", "text", rows.map(\.row.statusMessage))
        batch.add("version", "text", rows.map(\.row.version))
        batch.add("input", "text", rows.map { $0.row.input?.jsonText })
        batch.add("output", "text", rows.map { $0.row.output?.jsonText })
        batch.add("completion_start_time", "bigint", rows.map(\.row.completionStartTime))
        batch.add("provided_model_name", "text", rows.map(\.row.providedModelName))
        batch.add("model_parameters", "text", rows.map { $0.row.modelParameters?.jsonText })
        batch.add("provided_usage_details", "text", rows.map { StoredJSON.numberMapText($0.row.providedUsageDetails) })
        batch.add("provided_cost_details", "text", rows.map { StoredJSON.numberMapText($0.row.providedCostDetails) })
        batch.add("usage_details", "text", rows.map { StoredJSON.numberMapText($0.row.usageDetails) })
        batch.add("cost_details", "text", rows.map { StoredJSON.decimalMapText($0.row.costDetails) })
        batch.add("total_cost", "numeric", rows.map { $0.row.totalCost?.decimalText })
        batch.add("internal_model_id", "text", rows.map { $0.row.pricing?.modelId })
        batch.add("usage_pricing_tier_id", "text", rows.map { $0.row.pricing?.tierId })
        batch.add("usage_pricing_tier_name", "text", rows.map { $0.row.pricing?.tierName })
        batch.add("input_price", "numeric", rows.map { $0.row.pricing?.inputPrice?.decimalText })
        batch.add("output_price", "numeric", rows.map { $0.row.pricing?.outputPrice?.decimalText })
        batch.add("total_price", "numeric", rows.map { $0.row.pricing?.totalPrice?.decimalText })
        batch.add("prompt_name", "text", rows.map(\.row.promptName))
        batch.add("prompt_version", "integer", rows.map { $0.row.promptVersion.map(Int64.init) })
        batch.add("created_at", "bigint", rows.map(\.row.partition.createdAt))
        batch.add("updated_at", "bigint", rows.map(\.row.updatedAt))
        batch.add("row_version", "bigint", rows.map(\.version))
        batch.add("input_tokens", "double precision", measures.map(\.inputTokens))
        batch.add("output_tokens", "double precision", measures.map(\.outputTokens))
        batch.add("total_tokens", "double precision", measures.map(\.totalTokens))
        batch.add("input_cost", "double precision", measures.map(\.inputCost))
        batch.add("output_cost", "double precision", measures.map(\.outputCost))
        batch.add("latency_ms", "bigint", measures.map(\.latencyMillis))
        batch.add("time_to_first_token_ms", "bigint", measures.map(\.timeToFirstTokenMillis))
        return batch
    }

    /// The columns an observation is read from, in `observation(_:)`'s order, of the table
    /// aliased `alias`; without `bodies`, input, output, metadata and model parameters read as
    /// NULL.
    static func observationColumns(bodies: Bool, of alias: String? = nil) -> String {
        let c = { (column: String) in alias.map { "\($0).\(column)" } ?? column }
        let body = { (column: String) in bodies ? c(column) : "NULL::text AS \(column)" }
        return """
            \(c("project_id")), \(c("id")), \(c("trace_id")), \(c("type")), \(c("parent_observation_id")), \(c("environment")),
            \(c("start_time")), \(c("end_time")), \(c("name")), \(body("metadata")), \(c("level")), \(c("status_message")),
            \(c("version")), \(body("input")), \(body("output")), \(c("completion_start_time")), \(c("provided_model_name")),
            \(body("model_parameters")), \(c("provided_usage_details")), \(c("provided_cost_details")), \(c("usage_details")),
            \(c("cost_details")), \(c("total_cost"))::text, \(c("internal_model_id")), \(c("usage_pricing_tier_id")),
            \(c("usage_pricing_tier_name")), \(c("input_price"))::text, \(c("output_price"))::text, \(c("total_price"))::text,
            \(c("prompt_name")), \(c("prompt_version")), \(c("created_at")), \(c("updated_at"))
            """
    }

    /// How many columns `observation(_:)` reads.
    static let observationColumnCount = 33

    static func observation(_ row: PostgresRow) throws -> ObservationRow {
        let columns = row.makeRandomAccess()
        func text(_ index: Int) throws -> String? { try columns[index].decode(String?.self) }
        func millis(_ index: Int) throws -> Int64? { try columns[index].decode(Int64?.self) }
        let modelId = try text(23)
        return ObservationRow(
            projectId: try columns[0].decode(String.self), id: try columns[1].decode(String.self),
            traceId: try columns[2].decode(String.self), type: try columns[3].decode(String.self),
            parentObservationId: try text(4), environment: try columns[5].decode(String.self),
            startTime: try columns[6].decode(Int64.self), endTime: try millis(7), name: try text(8),
            metadata: StoredJSON.object(try text(9)), level: try columns[10].decode(String.self), statusMessage: try text(11),
            version: try text(12), input: StoredJSON.value(try text(13)), output: StoredJSON.value(try text(14)),
            completionStartTime: try millis(15), providedModelName: try text(16), modelParameters: StoredJSON.value(try text(17)),
            providedUsageDetails: StoredJSON.numberMap(try text(18)), providedCostDetails: StoredJSON.numberMap(try text(19)),
            usageDetails: StoredJSON.numberMap(try text(20)), costDetails: StoredJSON.decimalMap(try text(21)),
            totalCost: try text(22).flatMap(Decimal.init(decimalText:)),
            pricing: try modelId.map { modelId in
                ObservationPricing(
                    modelId: modelId, tierId: try text(24), tierName: try text(25),
                    inputPrice: try text(26).flatMap(Decimal.init(decimalText:)),
                    outputPrice: try text(27).flatMap(Decimal.init(decimalText:)),
                    totalPrice: try text(28).flatMap(Decimal.init(decimalText:))
                )
            },
            promptName: try text(29), promptVersion: try columns[30].decode(Int?.self),
            partition: PartitionTime(createdAt: try columns[31].decode(Int64.self)), updatedAt: try columns[32].decode(Int64.self)
        )
    }

    static func scores(_ rows: [(row: ScoreRow, version: Int64?)]) -> PostgresRowBatch {
        var batch = PostgresRowBatch(table: "scores")
        batch.add("project_id", "text", rows.map(\.row.projectId))
        batch.add("id", "text", rows.map(\.row.id))
        batch.add("timestamp", "bigint", rows.map(\.row.timestamp))
        batch.add("name", "text", rows.map(\.row.name))
        batch.add("value", "double precision", rows.map(\.row.value))
        batch.add("string_value", "text", rows.map(\.row.stringValue))
        batch.add("data_type", "text", rows.map(\.row.dataType))
        batch.add("source", "text", rows.map(\.row.source))
        batch.add("comment", "text", rows.map(\.row.comment))
        batch.add("trace_id", "text", rows.map(\.row.traceId))
        batch.add("observation_id", "text", rows.map(\.row.observationId))
        batch.add("session_id", "text", rows.map(\.row.sessionId))
        batch.add("dataset_run_id", "text", rows.map(\.row.datasetRunId))
        batch.add("environment", "text", rows.map(\.row.environment))
        batch.add("metadata", "text", rows.map { StoredJSON.objectText($0.row.metadata) })
        batch.add("config_id", "text", rows.map(\.row.configId))
        batch.add("queue_id", "text", rows.map(\.row.queueId))
        batch.add("execution_trace_id", "text", rows.map(\.row.executionTraceId))
        batch.add("created_at", "bigint", rows.map(\.row.partition.createdAt))
        batch.add("updated_at", "bigint", rows.map(\.row.updatedAt))
        batch.add("row_version", "bigint", rows.map(\.version))
        return batch
    }

    static let scoreColumns = scoreColumns(of: nil)

    /// The columns a score is read from, in `score(_:)`'s order, of the table aliased `alias`.
    static func scoreColumns(of alias: String?) -> String {
        [
            "project_id", "id", "timestamp", "name", "value", "string_value", "data_type", "source", "comment", "trace_id", "observation_id",
            "session_id", "dataset_run_id", "environment", "metadata", "config_id", "queue_id", "execution_trace_id", "created_at", "updated_at",
        ].map { name in alias.map { "\($0).\(name)" } ?? name }.joined(separator: ", ")
    }

    /// How many columns `score(_:)` reads.
    static let scoreColumnCount = 20

    static func score(_ row: PostgresRow) throws -> ScoreRow {
        let columns = row.makeRandomAccess()
        func text(_ index: Int) throws -> String? { try columns[index].decode(String?.self) }
        return ScoreRow(
            projectId: try columns[0].decode(String.self), id: try columns[1].decode(String.self),
            timestamp: try columns[2].decode(Int64.self), name: try columns[3].decode(String.self),
            value: try columns[4].decode(Double?.self), stringValue: try text(5), dataType: try columns[6].decode(String.self),
            source: try columns[7].decode(String.self), comment: try text(8), traceId: try text(9), observationId: try text(10),
            sessionId: try text(11), datasetRunId: try text(12), environment: try columns[13].decode(String.self),
            metadata: StoredJSON.object(try text(14)), configId: try text(15), queueId: try text(16),
            executionTraceId: try text(17), partition: PartitionTime(createdAt: try columns[18].decode(Int64.self)),
            updatedAt: try columns[19].decode(Int64.self)
        )
    }
}
