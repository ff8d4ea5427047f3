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

    /// The logged body as the edit it records.
    static func normalise(_ body: BodyReader) throws(ValidationError) -> (EntityRef?, EventPatch) {
        let id = try body.requiredId("id")
        let edit = TraceEdit(
            traceId: id, bookmarked: flag(try body.bool(Key.bookmarked)), isPublic: flag(try body.bool(Key.isPublic)),
            addedTags: try body.stringArray(Key.addedTags).value ?? [],
            removedTags: try body.stringArray(Key.removedTags).value ?? []
        )
        return (EntityRef(kind: .trace, id: id), .traceEdit(edit))
    }

    /// A logged flag. Langfarm never logs a `null`; were one there, it would clear the flag, as
    /// an explicit `null` clears any other column.
    private static func flag(_ field: Field<Bool>) -> Bool? {
        switch field {
        case .absent: return nil
        case .null: return false
        case .value(let flag): return flag
        }
    }

    private static func tagList(_ tags: [String]) -> JSONValue { .array(tags.map(JSONValue.string)) }

    /// Applies the edit to a trace folded from SDK events.
    func apply(to trace: inout TracePatch) {
        if let bookmarked { trace.bookmarked = .value(bookmarked) }
        if let isPublic { trace.isPublic = .value(isPublic) }
        var tags = Set(trace.tags.value ?? [])
        tags.formUnion(addedTags)
        tags.subtract(removedTags)
        trace.tags = .value(tags.sorted())
    }

    /// The body's keys in the event log.
    enum Key {
        static let bookmarked = "bookmarked"
        static let isPublic = "public"
        static let addedTags = "addTags"
        static let removedTags = "removeTags"
    }
}
