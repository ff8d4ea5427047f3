/// A change someone made to a trace in the web UI: bookmark it, publish it, add or remove tags.
///
/// Langfarm's rows are folds of the event log (`RecordMerger`), so an edit is logged as a
/// `langfarm-trace-edit` event, and `langfarm rebuild` keeps it. Edits are folded after every
/// SDK event of the trace, because every SDK trace event resets `public` and `bookmarked`
/// (`TraceNormaliser`, as Langfuse does): a bookmark would otherwise vanish with the next
/// `trace.update()`. So what the UI chose stands: a tag removed in the UI stays removed even if
/// the SDK sends it again, until someone adds it in the UI.
public struct TraceEdit: Sendable, Equatable {
    public let traceId: String
    public var bookmarked: Bool?
    public var isPublic: Bool?
    public var addedTags: [String]
    public var removedTags: [String]

    public init(traceId: String, bookmarked: Bool? = nil, isPublic: Bool? = nil, addedTags: [String] = [], removedTags: [String] = []) {
        self.traceId = traceId
        self.bookmarked = bookmarked
        self.isPublic = isPublic
        self.addedTags = addedTags
        self.removedTags = removedTags
    }

    /// The edit that turns `current` tags into `wanted`.
    public init(traceId: String, tags wanted: [String], replacing current: [String]) {
        self.init(
            traceId: traceId,
            addedTags: Set(wanted).subtracting(current).sorted(),
            removedTags: Set(current).subtracting(wanted).sorted()
        )
    }

    /// The event-log envelope of this edit.
    private func envelope(id: String, at time: EpochMillis) -> JSONValue {
        var body: [String: JSONValue] = ["id": .string(traceId)]
        if let bookmarked { body[Key.bookmarked] = .bool(bookmarked) }
        if let isPublic { body[Key.isPublic] = .bool(isPublic) }
        if !addedTags.isEmpty { body[Key.addedTags] = Self.tagList(addedTags) }
        if !removedTags.isEmpty { body[Key.removedTags] = Self.tagList(removedTags) }
        return .object([
            "id": .string(id), "type": .string(EventType.traceEdit.rawValue),
            "timestamp": .string(ISO8601.format(time)), "body": .object(body),
        ])
    }

    /// The edit as an event to commit; `id` is its envelope id.
    public func event(id: String, at time: EpochMillis) throws(EventRejection) -> NormalisedEvent {
        try EventNormaliser.normaliseStored(envelope(id: id, at: time)).get()
    }

    /// The logged body as a patch: the row's `bookmarked` and `public`, and the tag changes
    /// under keys of their own, which only `apply(_:to:)` reads.
    static func normalise(_ body: BodyReader) throws(ValidationError) -> (EntityRef?, Record) {
        let id = try body.requiredId("id")
        var patch: Record = ["id": .string(id)]
        patch.set("bookmarked", try body.bool(Key.bookmarked), as: JSONValue.bool)
        patch.set("public", try body.bool(Key.isPublic), as: JSONValue.bool)
        patch.set(Key.addedTags, try body.stringArray(Key.addedTags), as: Self.tagList)
        patch.set(Key.removedTags, try body.stringArray(Key.removedTags), as: Self.tagList)
        return (EntityRef(kind: .trace, id: id), patch)
    }

    private static func tagList(_ tags: [String]) -> JSONValue { .array(tags.map(JSONValue.string)) }

    /// Applies an edit's patch to a trace record folded from SDK events.
    static func apply(_ patch: Record, to record: inout Record) {
        for key in ["bookmarked", "public"] {
            if let value = patch[key] { record[key] = value }
        }
        var tags = Set((record["tags"]?.arrayValue ?? []).compactMap(\.stringValue))
        tags.formUnion((patch[Key.addedTags]?.arrayValue ?? []).compactMap(\.stringValue))
        tags.subtract((patch[Key.removedTags]?.arrayValue ?? []).compactMap(\.stringValue))
        record["tags"] = .array(tags.sorted().map(JSONValue.string))
    }

    /// The body's keys in the event log.
    enum Key {
        static let bookmarked = "bookmarked"
        static let isPublic = "public"
        static let addedTags = "addTags"
        static let removedTags = "removeTags"
    }
}
