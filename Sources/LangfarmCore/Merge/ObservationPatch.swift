/// An observation's columns as one event sets them, or, folded, as all of the observation's
/// events leave them (`RecordMerger.foldObservation`). Generation columns (model, usage, cost,
/// prompt) stay absent for types without them.
public struct ObservationPatch: Sendable, Equatable {
    public var id: Field<String> = .absent
    public var traceId: Field<String> = .absent
    public var type: Field<String> = .absent
    public var parentObservationId: Field<String> = .absent
    public var environment: Field<String> = .absent
    public var startTime: Field<EpochMillis> = .absent
    public var endTime: Field<EpochMillis> = .absent
    public var name: Field<String> = .absent
    public var metadata: Field<[String: JSONValue]> = .absent
    public var level: Field<String> = .absent
    public var statusMessage: Field<String> = .absent
    public var version: Field<String> = .absent
    public var input: Field<JSONValue> = .absent
    public var output: Field<JSONValue> = .absent
    public var completionStartTime: Field<EpochMillis> = .absent
    public var providedModelName: Field<String> = .absent
    public var modelParameters: Field<[String: JSONValue]> = .absent
    public var providedUsageDetails: Field<[String: Double]> = .absent
    public var providedCostDetails: Field<[String: Double]> = .absent
    public var promptName: Field<String> = .absent
    public var promptVersion: Field<Int> = .absent

    /// Folds a later event's patch in, each column by its rule (`Field.keepFirst(_:)`, `lastWins(_:)`, …).
    mutating func merge(_ newer: ObservationPatch) {
        id.keepFirst(newer.id)
        traceId.keepFirst(newer.traceId)
        startTime.keepFirst(newer.startTime)
        environment.keepFirst(newer.environment)
        type.lastWins(newer.type)
        endTime.lastWins(newer.endTime)
        name.lastWins(newer.name)
        level.lastWins(newer.level)
        completionStartTime.lastWins(newer.completionStartTime)
        providedModelName.lastWins(newer.providedModelName)
        promptName.lastWins(newer.promptName)
        promptVersion.lastWins(newer.promptVersion)
        parentObservationId.lastNonNull(newer.parentObservationId)
        statusMessage.lastNonNull(newer.statusMessage)
        version.lastNonNull(newer.version)
        metadata.deepMerge(newer.metadata)
        modelParameters.lastNonEmptyObject(newer.modelParameters)
        providedUsageDetails.lastNonEmptyObject(newer.providedUsageDetails)
        providedCostDetails.lastNonEmptyObject(newer.providedCostDetails)
        input.lastTruthy(newer.input)
        output.lastTruthy(newer.output)
    }
}
