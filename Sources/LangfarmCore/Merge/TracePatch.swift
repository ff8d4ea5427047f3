/// A trace's columns as one `trace-create` event sets them, or, folded, as all of the trace's
/// events leave them (`RecordMerger.foldTrace`).
public struct TracePatch: Sendable, Equatable {
    public var id: Field<String> = .absent
    public var timestamp: Field<EpochMillis> = .absent
    public var name: Field<String> = .absent
    public var userId: Field<String> = .absent
    public var sessionId: Field<String> = .absent
    public var release: Field<String> = .absent
    public var version: Field<String> = .absent
    public var environment: Field<String> = .absent
    public var metadata: Field<[String: JSONValue]> = .absent
    public var tags: Field<[String]> = .absent
    public var input: Field<JSONValue> = .absent
    public var output: Field<JSONValue> = .absent
    public var isPublic: Field<Bool> = .absent
    public var bookmarked: Field<Bool> = .absent

    /// Folds a later event's patch in, each column by its rule (`Field.keepFirst(_:)`, `lastWins(_:)`, …).
    mutating func merge(_ newer: TracePatch) {
        id.keepFirst(newer.id)
        timestamp.keepFirst(newer.timestamp)
        environment.keepFirst(newer.environment)
        name.lastWins(newer.name)
        userId.lastWins(newer.userId)
        sessionId.lastWins(newer.sessionId)
        release.lastWins(newer.release)
        version.lastWins(newer.version)
        metadata.deepMerge(newer.metadata)
        tags.unionTags(newer.tags)
        input.lastTruthy(newer.input)
        output.lastTruthy(newer.output)
        isPublic.lastWins(newer.isPublic)
        bookmarked.lastWins(newer.bookmarked)
    }
}
