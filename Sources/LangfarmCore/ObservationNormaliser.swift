/// Span, generation, event and the other observation bodies, including legacy
/// `observation-create`/`observation-update`.
enum ObservationNormaliser {
    static let levels: Set<String> = ["DEBUG", "DEFAULT", "WARNING", "ERROR"]
    static let legacyTypes: Set<String> = ["GENERATION", "SPAN", "EVENT"]

    static func normalise(
        _ body: BodyReader, type: EventType, timestamp: EpochMillis
    ) throws(ValidationError) -> (EntityRef?, Record) {
        var patch = Record(minimumCapacity: 32)
        let isLegacy = type == .observationCreate || type == .observationUpdate
        let id = try body.id("id")
        if id.value == nil, !isLegacy {
            throw ValidationError("body.id: is required")
        }
        patch.set("id", id)
        patch.set("trace_id", try body.id("traceId"))
        if isLegacy {
            let legacyType = try body.enumeration("type", allowed: legacyTypes)
            if type == .observationCreate, legacyType.value == nil { throw ValidationError("body.type: is required") }
            patch.set("type", legacyType)
        } else {
            patch["type"] = .string(type.observationType!)
        }
        patch.set("parent_observation_id", try body.id("parentObservationId"))
        patch["environment"] = EventNormaliser.environment(body)
        patch["start_time"] = .number(Double(try body.timestamp("startTime").value ?? timestamp))
        patch.set("end_time", try body.timestamp("endTime"))
        patch.set("name", try body.string("name"))
        patch.set("metadata", EventNormaliser.metadata(body))
        patch.set("level", try body.enumeration("level", allowed: levels))
        patch.set("status_message", try body.string("statusMessage"))
        patch.set("version", try body.string("version"))
        patch.set("input", body.any("input"))
        patch.set("output", body.any("output"))
        if type.carriesGenerationFields || (isLegacy && patch["type"] != .string("SPAN") && patch["type"] != .string("EVENT")) {
            try readGenerationFields(body, into: &patch)
        }
        return (id.value.map { EntityRef(kind: .observation, id: $0) }, patch)
    }

    private static func readGenerationFields(_ body: BodyReader, into patch: inout Record) throws(ValidationError) {
        patch.set("completion_start_time", try body.timestamp("completionStartTime"))
        patch.set("provided_model_name", try body.string("model"))
        if case .value(let parameters) = try body.object("modelParameters") {
            try validateModelParameters(parameters)
            patch["model_parameters"] = .object(parameters)
        }
        let usage = try UsageNormaliser.normalise(body)
        if !usage.usage.isEmpty { patch["provided_usage_details"] = .object(usage.usage) }
        if !usage.cost.isEmpty { patch["provided_cost_details"] = .object(usage.cost) }
        let promptName = try body.string("promptName")
        let promptVersion = try body.integer("promptVersion")
        if (promptName.value == nil) != (promptVersion.value == nil) {
            throw ValidationError("body.promptName and body.promptVersion must be set together")
        }
        patch.set("prompt_name", promptName)
        patch.set("prompt_version", promptVersion, as: { .number(Double($0)) })
    }

    /// Langfuse accepts string, number, boolean, string-array or string-map values.
    private static func validateModelParameters(_ parameters: [String: JSONValue]) throws(ValidationError) {
        for (key, value) in parameters {
            switch value {
            case .string, .number, .bool, .null: continue
            case .array(let items) where items.allSatisfy({ $0.stringValue != nil }): continue
            case .object(let members) where members.values.allSatisfy({ $0.stringValue != nil }): continue
            default:
                throw ValidationError(
                    "body.modelParameters.\(key): expected a string, number, boolean, string array or string map, got \(value.kindDescription)"
                )
            }
        }
    }
}
