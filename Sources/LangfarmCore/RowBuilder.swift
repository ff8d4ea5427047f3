import Crypto

/// Turns a folded record into the typed row that is stored, applying defaults Langfuse applies
/// at write time (level `DEFAULT`, `end_time` clamped to `start_time`, usage totals).
public enum RowBuilder {
    public static func trace(_ trace: TracePatch, projectId: String, partition: PartitionTime, updatedAt: EpochMillis) -> TraceRow? {
        guard let id = trace.id.value else { return nil }
        return TraceRow(
            projectId: projectId, id: id, timestamp: trace.timestamp.value ?? partition.createdAt,
            name: trace.name.value, userId: trace.userId.value, sessionId: trace.sessionId.value,
            release: trace.release.value, version: trace.version.value,
            environment: trace.environment.value ?? EnvironmentName.fallback,
            isPublic: trace.isPublic.value ?? false, bookmarked: trace.bookmarked.value ?? false,
            tags: trace.tags.value ?? [], metadata: trace.metadata.value ?? [:], input: trace.input.value, output: trace.output.value,
            partition: partition, updatedAt: updatedAt
        )
    }

    /// Usage and cost are derived from the merged record, so a model sent on create and usage
    /// sent on a later update are priced together whatever order they arrive in.
    public static func observation(
        _ observation: ObservationPatch, projectId: String, partition: PartitionTime, updatedAt: EpochMillis, prices: PriceBook = .empty
    ) -> ObservationRow? {
        guard let id = observation.id.value, let startTime = observation.startTime.value else { return nil }
        var row = ObservationRow(
            projectId: projectId, id: id, traceId: traceId(of: observation, observationId: id),
            type: observation.type.value ?? "SPAN", parentObservationId: observation.parentObservationId.value,
            environment: observation.environment.value ?? EnvironmentName.fallback,
            startTime: startTime, endTime: observation.endTime.value.map { max($0, startTime) },
            name: observation.name.value, metadata: observation.metadata.value ?? [:],
            level: observation.level.value ?? "DEFAULT", statusMessage: observation.statusMessage.value,
            version: observation.version.value, input: observation.input.value, output: observation.output.value,
            completionStartTime: observation.completionStartTime.value, providedModelName: observation.providedModelName.value,
            modelParameters: observation.modelParameters.value.map(JSONValue.object),
            providedUsageDetails: observation.providedUsageDetails.value ?? [:],
            providedCostDetails: observation.providedCostDetails.value ?? [:],
            promptName: observation.promptName.value, promptVersion: observation.promptVersion.value,
            partition: partition, updatedAt: updatedAt
        )
        GenerationPricer.price(&row, with: prices)
        return row
    }

    public static func score(_ score: ScorePatch, projectId: String, partition: PartitionTime, updatedAt: EpochMillis) -> ScoreRow? {
        guard let id = score.id.value, let name = score.name.value else { return nil }
        return ScoreRow(
            projectId: projectId, id: id, timestamp: score.timestamp.value ?? partition.createdAt, name: name,
            value: score.value.value, stringValue: score.stringValue.value,
            dataType: score.dataType.value ?? "NUMERIC", source: score.source.value ?? "API",
            comment: score.comment.value, traceId: score.traceId.value,
            observationId: score.observationId.value, sessionId: score.sessionId.value,
            datasetRunId: score.datasetRunId.value, environment: score.environment.value ?? EnvironmentName.fallback,
            metadata: score.metadata.value ?? [:], configId: score.configId.value,
            queueId: score.queueId.value, executionTraceId: score.executionTraceId.value,
            partition: partition, updatedAt: updatedAt
        )
    }

    /// The trace an observation belongs to. Langfuse gives an observation without `traceId` a
    /// random trace id; Langfarm derives one from the observation id instead, so rebuilding the
    /// rows from the event log gives the same id every time.
    public static func traceId(of observation: ObservationPatch, observationId: String) -> String {
        if let traceId = observation.traceId.value { return traceId }
        let digest = Array(SHA256.hash(data: Array("langfarm-derived-trace:\(observationId)".utf8)))
        let characters = Array(digest.prefix(16).hexString)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }
}
