/// `trace-create` bodies: create and update a trace (the SDKs send updates as trace-create too).
enum TraceNormaliser {
    static func normalise(_ body: BodyReader, timestamp: EpochMillis) throws(ValidationError) -> (EntityRef?, Record) {
        var patch = Record(minimumCapacity: 32)
        let id = try body.id("id")
        patch.set("id", id)
        let bodyTimestamp = try body.timestamp("timestamp")
        patch["timestamp"] = .number(Double(bodyTimestamp.value ?? timestamp))
        patch.set("name", try body.string("name", maxLength: 1000))
        _ = try body.string("externalId")
        patch.set("user_id", try body.string("userId"))
        patch.set("session_id", try body.id("sessionId"))
        patch.set("release", try body.string("release"))
        patch.set("version", try body.string("version"))
        patch["environment"] = EventNormaliser.environment(body)
        patch.set("metadata", EventNormaliser.metadata(body))
        if case .value(let tags) = try body.stringArray("tags") { patch["tags"] = .array(tags.map(JSONValue.string)) }
        patch.set("input", body.any("input"))
        patch.set("output", body.any("output"))
        // Every trace record carries these, so a later trace-create resets them (Langfuse quirk).
        patch["public"] = .bool(try body.bool("public").value ?? false)
        patch["bookmarked"] = .bool(false)
        return (id.value.map { EntityRef(kind: .trace, id: $0) }, patch)
    }
}
