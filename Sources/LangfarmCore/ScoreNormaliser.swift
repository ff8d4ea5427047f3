/// `score-create` bodies: value and data type rules, and exactly one target.
enum ScoreNormaliser {
    static let dataTypes: Set<String> = ["NUMERIC", "CATEGORICAL", "BOOLEAN", "TEXT", "CORRECTION"]
    static let sources: Set<String> = ["API", "EVAL", "ANNOTATION"]
    /// Langfuse stores corrections under this score name.
    static let correctionName = "output"

    static func normalise(_ body: BodyReader, timestamp: EpochMillis) throws(ValidationError) -> (EntityRef?, Record) {
        var patch = Record(minimumCapacity: 32)
        let id = try body.id("id")
        patch.set("id", id)
        guard case .value(let name) = try body.string("name"), !name.isEmpty else {
            throw ValidationError("body.name: is required and must not be empty")
        }
        patch["name"] = .string(name)
        patch["timestamp"] = .number(Double(try body.timestamp("timestamp").value ?? timestamp))
        let traceId = try body.id("traceId")
        let sessionId = try body.id("sessionId")
        let datasetRunId = try body.id("datasetRunId")
        let observationId = try body.id("observationId")
        let targets = [traceId.value, sessionId.value, datasetRunId.value].compactMap { $0 }
        guard targets.count == 1 else {
            throw ValidationError("body: a score needs exactly one of traceId, sessionId or datasetRunId, got \(targets.count)")
        }
        if observationId.value != nil, traceId.value == nil {
            throw ValidationError("body.observationId: requires traceId")
        }
        patch.set("trace_id", traceId)
        patch.set("session_id", sessionId)
        patch.set("dataset_run_id", datasetRunId)
        patch.set("observation_id", observationId)
        patch["environment"] = EventNormaliser.environment(body)
        patch.set("comment", try body.string("comment"))
        patch.set("metadata", EventNormaliser.metadata(body))
        patch["source"] = .string(try body.enumeration("source", allowed: sources).value ?? "API")
        patch.set("execution_trace_id", try body.id("executionTraceId"))
        patch.set("queue_id", try body.id("queueId"))
        let configId = try body.id("configId")
        patch.set("config_id", configId)
        try readValue(body, configId: configId.value, into: &patch)
        return (id.value.map { EntityRef(kind: .score, id: $0) }, patch)
    }

    /// Checks `value` against `dataType` (inferring it when absent) and fills
    /// `value`/`string_value`/`data_type`.
    private static func readValue(_ body: BodyReader, configId: String?, into patch: inout Record) throws(ValidationError) {
        let value = body.any("value")
        guard case .value(let raw) = value else { throw ValidationError("body.value: is required") }
        let declared = try body.enumeration("dataType", allowed: dataTypes).value
        let dataType: String
        switch (declared, raw) {
        case (nil, .number): dataType = "NUMERIC"
        case (nil, .string): dataType = "CATEGORICAL"
        case (nil, _): throw ValidationError("body.value: expected a number or a string, got \(raw.kindDescription)")
        case (let declared?, _): dataType = declared
        }
        patch["data_type"] = .string(dataType)
        switch (dataType, raw) {
        case ("NUMERIC", .number(let number)):
            patch["value"] = .number(number)
        case ("BOOLEAN", .number(let number)) where number == 0 || number == 1:
            patch["value"] = .number(number)
            patch["string_value"] = .string(number == 1 ? "True" : "False")
        case ("CATEGORICAL", .string(let text)):
            patch["value"] = .number(0)
            patch["string_value"] = .string(text)
        case ("TEXT", .string(let text)) where (1...500).contains(text.count):
            patch["value"] = .number(0)
            patch["string_value"] = .string(text)
        case ("CORRECTION", .string(let text)):
            if configId != nil { throw ValidationError("body.configId: a CORRECTION score cannot reference a config") }
            patch["name"] = .string(correctionName)
            patch["value"] = .number(0)
            patch["string_value"] = .string(text)
        default:
            throw ValidationError("body.value: \(raw.kindDescription) is not a valid \(dataType) score value\(hint(dataType))")
        }
    }

    private static func hint(_ dataType: String) -> String {
        switch dataType {
        case "NUMERIC": return " (expected a number)"
        case "BOOLEAN": return " (expected 0 or 1)"
        case "TEXT": return " (expected a string of 1 to 500 characters)"
        default: return " (expected a string)"
        }
    }
}
