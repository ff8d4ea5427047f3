/// Span, generation, event and the other observation bodies, including legacy
/// `observation-create`/`observation-update`.
enum ObservationNormaliser {
    static let levels: Set<String> = ["DEBUG", "DEFAULT", "WARNING", "ERROR"]
    static let legacyTypes: Set<String> = ["GENERATION", "SPAN", "EVENT"]

    static func normalise(
        _ body: BodyReader, type: EventType, timestamp: EpochMillis
    ) throws(ValidationError) -> (EntityRef?, EventPatch) {
        var patch = ObservationPatch()
        let isLegacy = type == .observationCreate || type == .observationUpdate
        let id = try body.id("id")
        if id.value == nil, !isLegacy {
            throw ValidationError("body.id: is required")
        }
        patch.id = id
        patch.traceId = try body.id("traceId")
        if isLegacy {
            let legacyType = try body.enumeration("type", allowed: legacyTypes)
            if type == .observationCreate, legacyType.value == nil { throw ValidationError("body.type: is required") }
            patch.type = legacyType
        } else {
            patch.type = .value(type.observationType!)
        }
        patch.parentObservationId = try body.id("parentObservationId")
        patch.environment = .value(EventNormaliser.environment(body))
        patch.startTime = .value(try body.timestamp("startTime").value ?? timestamp)
        patch.endTime = try body.timestamp("endTime")
        patch.name = try body.string("name")
        patch.metadata = EventNormaliser.metadata(body)
        patch.level = try body.enumeration("level", allowed: levels)
        patch.statusMessage = try body.string("statusMessage")
        patch.version = try body.string("version")
        patch.input = body.any("input")
        patch.output = body.any("output")
        if type.carriesGenerationFields || (isLegacy && patch.type.value != "SPAN" && patch.type.value != "EVENT") {
            try readGenerationFields(body, into: &patch)
        }
        return (id.value.map { EntityRef(kind: .observation, id: $0) }, .observation(patch))
    }

    private static func readGenerationFields(_ body: BodyReader, into patch: inout ObservationPatch) throws(ValidationError) {
        patch.completionStartTime = try body.timestamp("completionStartTime")
        patch.providedModelName = try body.string("model")
        if case .value(let parameters) = try body.object("modelParameters") {
            try validateModelParameters(parameters)
            patch.modelParameters = .value(parameters)
        }
        let usage = try UsageNormaliser.normalise(body)
        if !usage.usage.isEmpty { patch.providedUsageDetails = .value(usage.usage) }
        if !usage.cost.isEmpty { patch.providedCostDetails = .value(usage.cost) }
        let promptName = try body.string("promptName")
        let promptVersion = try body.integer("promptVersion")
        if (promptName.value == nil) != (promptVersion.value == nil) {
            throw ValidationError("body.promptName and body.promptVersion must be set together")
        }
        patch.promptName = promptName
        patch.promptVersion = promptVersion
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
