/// Validates an ingestion envelope and normalises its body into a row patch.
///
/// The rules are Langfuse's (`packages/shared/src/server/ingestion/types.ts`): the envelope needs
/// an id, a known type, a timestamp and a body; each body field has a type; environments are
/// normalised; usage forms are mapped to usage details.
public enum EventNormaliser {
    /// Normalises an envelope a client sent; `text` is its JSON text when the caller has it
    /// (otherwise it is serialised from the tree).
    public static func normalise(_ envelope: JSONValue, text: String? = nil) -> Result<NormalisedEvent, EventRejection> {
        normalise(envelope, text: text, allowInternal: false)
    }

    /// Normalises an envelope read back from the event log, which may also hold events Langfarm
    /// wrote itself (score deletions, trace edits from the web UI).
    public static func normaliseStored(_ envelope: JSONValue, text: String? = nil) -> Result<NormalisedEvent, EventRejection> {
        normalise(envelope, text: text, allowInternal: true)
    }

    private static func normalise(_ envelope: JSONValue, text: String?, allowInternal: Bool) -> Result<NormalisedEvent, EventRejection> {
        guard case .object(let members) = envelope else {
            return .failure(.invalid("unknown", ValidationError("event: expected an object, got \(envelope.kindDescription)")))
        }
        let envelopeId = members["id"]?.stringValue ?? "unknown"
        do {
            return .success(try normalise(members, text: text ?? envelope.jsonText, allowInternal: allowInternal))
        } catch {
            return .failure(.invalid(envelopeId, error))
        }
    }

    private static func normalise(
        _ members: [String: JSONValue], text: String, allowInternal: Bool
    ) throws(ValidationError) -> NormalisedEvent {
        let envelope = BodyReader(members, path: "event")
        let envelopeId = try envelope.requiredId("id")
        if envelopeId.utf8.contains(UInt8(ascii: "\r")) { throw ValidationError("event.id: must not contain a carriage return") }
        guard case .value(let typeName) = try envelope.string("type") else { throw ValidationError("event.type: is required") }
        guard let type = EventType(rawValue: typeName), allowInternal || !type.isWrittenByLangfarm else {
            throw ValidationError("event.type: unknown event type '\(typeName.prefix(64))'")
        }
        guard case .value(let timestamp) = try envelope.timestamp("timestamp") else {
            throw ValidationError("event.timestamp: is required")
        }
        guard case .value(let bodyMembers) = try envelope.object("body") else { throw ValidationError("event.body: is required") }
        let body = BodyReader(bodyMembers, path: "body")

        let (entity, patch): (EntityRef?, EventPatch)
        switch type {
        case .datasetRunItemCreate:
            throw ValidationError("event.type: dataset-run-item-create is not accepted through the public ingestion API")
        case .sdkLog:
            (entity, patch) = (nil, .nothing)
        case .traceCreate:
            (entity, patch) = try TraceNormaliser.normalise(body, timestamp: timestamp)
        case .scoreCreate:
            (entity, patch) = try ScoreNormaliser.normalise(body, timestamp: timestamp)
        case .scoreDelete:
            (entity, patch) = (EntityRef(kind: .score, id: try body.requiredId("id")), .scoreDeletion)
        case .traceEdit:
            (entity, patch) = try TraceEdit.normalise(body)
        default:
            (entity, patch) = try ObservationNormaliser.normalise(body, type: type, timestamp: timestamp)
        }
        return NormalisedEvent(envelopeId: envelopeId, type: type, timestamp: timestamp, entity: entity, patch: patch, rawText: text)
    }

    /// Metadata is an object; anything else is wrapped as `{metadata: value}`, as Langfuse stores it.
    static func metadata(_ body: BodyReader) -> Field<[String: JSONValue]> {
        switch body.any("metadata") {
        case .absent, .null: return .absent
        case .value(.object(let members)): return .value(members)
        case .value(let other): return .value(["metadata": other])
        }
    }

    /// Never rejects: anything that is not a valid environment name becomes `default`.
    static func environment(_ body: BodyReader) -> String {
        EnvironmentName.normalise(body.any("environment").value?.stringValue)
    }
}
