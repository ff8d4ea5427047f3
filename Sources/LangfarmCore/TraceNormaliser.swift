/// `trace-create` bodies: create and update a trace (the SDKs send updates as trace-create too).
enum TraceNormaliser {
    static func normalise(_ body: BodyReader, timestamp: EpochMillis) throws(ValidationError) -> (EntityRef?, EventPatch) {
        var patch = TracePatch()
        let id = try body.id("id")
        patch.id = id
        patch.timestamp = .value(try body.timestamp("timestamp").value ?? timestamp)
        patch.name = try body.string("name", maxLength: 1000)
        _ = try body.string("externalId")
        patch.userId = try body.string("userId")
        patch.sessionId = try body.id("sessionId")
        patch.release = try body.string("release")
        patch.version = try body.string("version")
        patch.environment = .value(EventNormaliser.environment(body))
        patch.metadata = EventNormaliser.metadata(body)
        patch.tags = try body.stringArray("tags")
        patch.input = body.any("input")
        patch.output = body.any("output")
        // Every trace record carries these, so a later trace-create resets them (Langfuse quirk).
        patch.isPublic = .value(try body.bool("public").value ?? false)
        patch.bookmarked = .value(false)
        return (id.value.map { EntityRef(kind: .trace, id: $0) }, .trace(patch))
    }
}
