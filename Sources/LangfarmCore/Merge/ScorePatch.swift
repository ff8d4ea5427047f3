/// A score's columns as one `score-create` event sets them, or, folded, as all of the score's
/// events leave them (`RecordMerger.foldScore`).
public struct ScorePatch: Sendable, Equatable {
    public var id: Field<String> = .absent
    public var name: Field<String> = .absent
    public var timestamp: Field<EpochMillis> = .absent
    public var traceId: Field<String> = .absent
    public var sessionId: Field<String> = .absent
    public var datasetRunId: Field<String> = .absent
    public var observationId: Field<String> = .absent
    public var environment: Field<String> = .absent
    public var comment: Field<String> = .absent
    public var metadata: Field<[String: JSONValue]> = .absent
    public var source: Field<String> = .absent
    public var executionTraceId: Field<String> = .absent
    public var queueId: Field<String> = .absent
    public var configId: Field<String> = .absent
    public var dataType: Field<String> = .absent
    /// The numeric value: the score itself, 0 or 1 for `BOOLEAN`, 0 for text-valued types.
    public var value: Field<Double> = .absent
    /// The text of `CATEGORICAL`, `TEXT` and `CORRECTION` scores, `True`/`False` for `BOOLEAN`.
    public var stringValue: Field<String> = .absent

    /// Folds a later event's patch in, each column by its rule (`Field.keepFirst(_:)`, `lastWins(_:)`, …).
    mutating func merge(_ newer: ScorePatch) {
        id.keepFirst(newer.id)
        timestamp.keepFirst(newer.timestamp)
        traceId.keepFirst(newer.traceId)
        environment.keepFirst(newer.environment)
        name.lastWins(newer.name)
        sessionId.lastWins(newer.sessionId)
        datasetRunId.lastWins(newer.datasetRunId)
        observationId.lastWins(newer.observationId)
        comment.lastWins(newer.comment)
        source.lastWins(newer.source)
        executionTraceId.lastWins(newer.executionTraceId)
        queueId.lastWins(newer.queueId)
        configId.lastWins(newer.configId)
        dataType.lastWins(newer.dataType)
        value.lastWins(newer.value)
        stringValue.lastWins(newer.stringValue)
        metadata.deepMerge(newer.metadata)
    }
}
