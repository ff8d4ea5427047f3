import Crypto

/// Turns a folded record into the typed row that is stored, applying defaults Langfuse applies
/// at write time (level `DEFAULT`, `end_time` clamped to `start_time`, usage totals).
public enum RowBuilder {
    public static func trace(_ record: Record, projectId: String, partition: PartitionTime, updatedAt: EpochMillis) -> TraceRow? {
        guard let id = record.string("id") else { return nil }
        return TraceRow(
            projectId: projectId, id: id, timestamp: record.millis("timestamp") ?? partition.createdAt,
            name: record.string("name"), userId: record.string("user_id"), sessionId: record.string("session_id"),
            release: record.string("release"), version: record.string("version"),
            environment: record.string("environment") ?? EnvironmentName.fallback,
            isPublic: record["public"]?.boolValue ?? false, bookmarked: record["bookmarked"]?.boolValue ?? false,
            tags: (record["tags"]?.arrayValue ?? []).compactMap(\.stringValue),
            metadata: record["metadata"]?.objectValue ?? [:], input: record.nonNull("input"), output: record.nonNull("output"),
            partition: partition, updatedAt: updatedAt
        )
    }

    /// Usage and cost are derived from the merged record, so a model sent on create and usage
    /// sent on a later update are priced together whatever order they arrive in.
    public static func observation(
        _ record: Record, projectId: String, partition: PartitionTime, updatedAt: EpochMillis, prices: PriceBook = .empty
    ) -> ObservationRow? {
        guard let id = record.string("id"), let startTime = record.millis("start_time") else { return nil }
        var row = ObservationRow(
            projectId: projectId, id: id, traceId: traceId(of: record, observationId: id),
            type: record.string("type") ?? "SPAN", parentObservationId: record.string("parent_observation_id"),
            environment: record.string("environment") ?? EnvironmentName.fallback,
            startTime: startTime, endTime: record.millis("end_time").map { max($0, startTime) },
            name: record.string("name"), metadata: record["metadata"]?.objectValue ?? [:],
            level: record.string("level") ?? "DEFAULT", statusMessage: record.string("status_message"),
            version: record.string("version"), input: record.nonNull("input"), output: record.nonNull("output"),
            completionStartTime: record.millis("completion_start_time"), providedModelName: record.string("provided_model_name"),
            modelParameters: record.nonNull("model_parameters"),
            providedUsageDetails: record.numberMap("provided_usage_details"),
            providedCostDetails: record.numberMap("provided_cost_details"),
            promptName: record.string("prompt_name"), promptVersion: record["prompt_version"]?.numberValue.map { Int($0) },
            partition: partition, updatedAt: updatedAt
        )
        GenerationPricer.price(&row, with: prices)
        return row
    }

    public static func score(_ record: Record, projectId: String, partition: PartitionTime, updatedAt: EpochMillis) -> ScoreRow? {
        guard let id = record.string("id"), let name = record.string("name") else { return nil }
        return ScoreRow(
            projectId: projectId, id: id, timestamp: record.millis("timestamp") ?? partition.createdAt, name: name,
            value: record["value"]?.numberValue, stringValue: record.string("string_value"),
            dataType: record.string("data_type") ?? "NUMERIC", source: record.string("source") ?? "API",
            comment: record.string("comment"), traceId: record.string("trace_id"),
            observationId: record.string("observation_id"), sessionId: record.string("session_id"),
            datasetRunId: record.string("dataset_run_id"), environment: record.string("environment") ?? EnvironmentName.fallback,
            metadata: record["metadata"]?.objectValue ?? [:], configId: record.string("config_id"),
            queueId: record.string("queue_id"), executionTraceId: record.string("execution_trace_id"),
            partition: partition, updatedAt: updatedAt
        )
    }

    /// The trace an observation belongs to. Langfuse gives an observation without `traceId` a
    /// random trace id; Langfarm derives one from the observation id instead, so rebuilding the
    /// rows from the event log gives the same id every time.
    public static func traceId(of record: Record, observationId: String) -> String {
        if let traceId = record.string("trace_id") { return traceId }
        let digest = Array(SHA256.hash(data: Array("langfarm-derived-trace:\(observationId)".utf8)))
        let characters = Array(digest.prefix(16).hexString)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }
}

extension Record {
    func string(_ key: String) -> String? { self[key]?.stringValue }

    func millis(_ key: String) -> EpochMillis? { self[key]?.numberValue.map { EpochMillis($0) } }

    func nonNull(_ key: String) -> JSONValue? {
        guard let value = self[key], value != .null else { return nil }
        return value
    }

    func numberMap(_ key: String) -> [String: Double] {
        (self[key]?.objectValue ?? [:]).compactMapValues(\.numberValue)
    }
}
