/// `score-create` bodies: value and data type rules, and exactly one target.
enum ScoreNormaliser {
    static let dataTypes: Set<String> = ["NUMERIC", "CATEGORICAL", "BOOLEAN", "TEXT", "CORRECTION"]
    static let sources: Set<String> = ["API", "EVAL", "ANNOTATION"]
    /// Langfuse stores corrections under this score name.
    static let correctionName = "output"

    static func normalise(_ body: BodyReader, timestamp: EpochMillis) throws(ValidationError) -> (EntityRef?, EventPatch) {
        var patch = ScorePatch()
        let id = try body.id("id")
        patch.id = id
        guard case .value(let name) = try body.string("name"), !name.isEmpty else {
            throw ValidationError("body.name: is required and must not be empty")
        }
        patch.name = .value(name)
        patch.timestamp = .value(try body.timestamp("timestamp").value ?? timestamp)
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
        patch.traceId = traceId
        patch.sessionId = sessionId
        patch.datasetRunId = datasetRunId
        patch.observationId = observationId
        patch.environment = .value(EventNormaliser.environment(body))
        patch.comment = try body.string("comment")
        patch.metadata = EventNormaliser.metadata(body)
        patch.source = .value(try body.enumeration("source", allowed: sources).value ?? "API")
        patch.executionTraceId = try body.id("executionTraceId")
        patch.queueId = try body.id("queueId")
        let configId = try body.id("configId")
        patch.configId = configId
        try readValue(body, configId: configId.value, into: &patch)
        return (id.value.map { EntityRef(kind: .score, id: $0) }, .score(patch))
    }

    /// Checks `value` against `dataType` (inferring it when absent) and fills
    /// `value`/`stringValue`/`dataType`.
    private static func readValue(_ body: BodyReader, configId: String?, into patch: inout ScorePatch) throws(ValidationError) {
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
        patch.dataType = .value(dataType)
        switch (dataType, raw) {
        case ("NUMERIC", .number(let number)):
            patch.value = .value(number)
        case ("BOOLEAN", .number(let number)) where number == 0 || number == 1:
            patch.value = .value(number)
            patch.stringValue = .value(number == 1 ? "True" : "False")
        case ("CATEGORICAL", .string(let text)):
            patch.value = .value(0)
            patch.stringValue = .value(text)
        case ("TEXT", .string(let text)) where (1...500).contains(text.count):
            patch.value = .value(0)
            patch.stringValue = .value(text)
        case ("CORRECTION", .string(let text)):
            if configId != nil { throw ValidationError("body.configId: a CORRECTION score cannot reference a config") }
            patch.name = .value(correctionName)
            patch.value = .value(0)
            patch.stringValue = .value(text)
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
