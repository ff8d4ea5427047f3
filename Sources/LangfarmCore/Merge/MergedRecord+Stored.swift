/// A folded record as the store keeps it in a `FoldState`: a JSON object of the columns some
/// event set (`StoredColumn`), plus `"$deleted"` for a deleted score.
extension MergedRecord {
    public var storedText: String {
        switch self {
        case .trace(let trace): return JSONValue.object(StoredColumn.encode(trace, TracePatch.storedColumns)).jsonText
        case .observation(let observation): return JSONValue.object(StoredColumn.encode(observation, ObservationPatch.storedColumns)).jsonText
        case .score(let score, let isDeleted):
            var members = StoredColumn.encode(score, ScorePatch.storedColumns)
            if isDeleted { members[Self.deletedMember] = .bool(true) }
            return JSONValue.object(members).jsonText
        }
    }

    /// The record `storedText` wrote for an entity of `kind`; nil when the text is not one.
    public init?(storedText text: String, kind: EntityKind) {
        guard let members = JSONValue.parseStored(text)?.objectValue else { return nil }
        switch kind {
        case .trace:
            var trace = TracePatch()
            guard StoredColumn.decode(members, into: &trace, TracePatch.storedColumns) else { return nil }
            self = .trace(trace)
        case .observation:
            var observation = ObservationPatch()
            guard StoredColumn.decode(members, into: &observation, ObservationPatch.storedColumns) else { return nil }
            self = .observation(observation)
        case .score:
            var score = ScorePatch()
            guard StoredColumn.decode(members, into: &score, ScorePatch.storedColumns) else { return nil }
            self = .score(score, isDeleted: members[Self.deletedMember] == .bool(true))
        }
    }

    private static let deletedMember = "$deleted"
}

extension TracePatch {
    static let storedColumns: [StoredColumn<TracePatch>] = [
        StoredColumn("id", \.id), StoredColumn("timestamp", \.timestamp), StoredColumn("name", \.name),
        StoredColumn("userId", \.userId), StoredColumn("sessionId", \.sessionId), StoredColumn("release", \.release),
        StoredColumn("version", \.version), StoredColumn("environment", \.environment), StoredColumn("metadata", \.metadata),
        StoredColumn("tags", \.tags), StoredColumn("input", \.input), StoredColumn("output", \.output),
        StoredColumn("public", \.isPublic), StoredColumn("bookmarked", \.bookmarked),
    ]
}

extension ObservationPatch {
    static let storedColumns: [StoredColumn<ObservationPatch>] = [
        StoredColumn("id", \.id), StoredColumn("traceId", \.traceId), StoredColumn("type", \.type),
        StoredColumn("parentObservationId", \.parentObservationId), StoredColumn("environment", \.environment),
        StoredColumn("startTime", \.startTime), StoredColumn("endTime", \.endTime), StoredColumn("name", \.name),
        StoredColumn("metadata", \.metadata), StoredColumn("level", \.level), StoredColumn("statusMessage", \.statusMessage),
        StoredColumn("version", \.version), StoredColumn("input", \.input), StoredColumn("output", \.output),
        StoredColumn("completionStartTime", \.completionStartTime), StoredColumn("model", \.providedModelName),
        StoredColumn("modelParameters", \.modelParameters), StoredColumn("usageDetails", \.providedUsageDetails),
        StoredColumn("costDetails", \.providedCostDetails), StoredColumn("promptName", \.promptName),
        StoredColumn("promptVersion", \.promptVersion),
    ]
}

extension ScorePatch {
    static let storedColumns: [StoredColumn<ScorePatch>] = [
        StoredColumn("id", \.id), StoredColumn("name", \.name), StoredColumn("timestamp", \.timestamp),
        StoredColumn("traceId", \.traceId), StoredColumn("sessionId", \.sessionId), StoredColumn("datasetRunId", \.datasetRunId),
        StoredColumn("observationId", \.observationId), StoredColumn("environment", \.environment), StoredColumn("comment", \.comment),
        StoredColumn("metadata", \.metadata), StoredColumn("source", \.source), StoredColumn("executionTraceId", \.executionTraceId),
        StoredColumn("queueId", \.queueId), StoredColumn("configId", \.configId), StoredColumn("dataType", \.dataType),
        StoredColumn("value", \.value), StoredColumn("stringValue", \.stringValue),
    ]
}
