import Foundation
import LangfarmCore

/// Renders stored rows in the shapes of Langfuse's public API (compat §5).
enum APIPresenter {
    /// `GET /api/public/traces/{id}`: the trace with its observations and scores, each group
    /// only when `fields` asks for it. Excluded lists are `[]` and excluded numbers `-1`, as
    /// Langfuse sends them so that SDKs that require the keys keep parsing.
    static func trace(
        _ row: TraceRow, aggregates: TraceAggregates, observations: [ObservationRow], scores: [ScoreRow], fields: TraceFieldGroups
    ) -> JSONValue {
        var body = traceCore(row, fields: fields)
        body["observations"] = .array(fields.contains(.observations) ? observations.map(observation) : [])
        body["scores"] = .array(fields.contains(.scores) ? scores.map(score) : [])
        addMetrics(aggregates, to: &body, fields: fields)
        return .object(body)
    }

    /// An item of `GET /api/public/traces`: the trace with the ids of its observations and scores.
    static func traceListItem(_ item: TraceListItem, fields: TraceFieldGroups) -> JSONValue {
        var body = traceCore(item.trace, fields: fields)
        body["observations"] = .array(item.observationIds.map(JSONValue.string))
        body["scores"] = .array(item.scoreIds.map(JSONValue.string))
        addMetrics(item.aggregates, to: &body, fields: fields)
        return .object(body)
    }

    /// `totalCost` and `latency` (seconds; 0 for a trace without observations), or -1 when
    /// `fields` leaves metrics out.
    private static func addMetrics(_ aggregates: TraceAggregates, to body: inout [String: JSONValue], fields: TraceFieldGroups) {
        let included = fields.contains(.metrics)
        body["totalCost"] = .number(included ? aggregates.totalCost : -1)
        body["latency"] = .number(included ? Double(aggregates.latencyMillis ?? 0) / 1000 : -1)
    }

    /// The trace's own fields; without `io`, input and output are null and metadata empty.
    static func traceCore(_ row: TraceRow, fields: TraceFieldGroups) -> [String: JSONValue] {
        var body = traceCore(row)
        if !fields.contains(.io) {
            body["input"] = .null
            body["output"] = .null
            body["metadata"] = .object([:])
        }
        return body
    }

    static func traceCore(_ row: TraceRow) -> [String: JSONValue] {
        [
            "id": .string(row.id),
            "externalId": .null,
            "timestamp": time(row.timestamp),
            "name": optional(row.name),
            "userId": optional(row.userId),
            "sessionId": optional(row.sessionId),
            "release": optional(row.release),
            "version": optional(row.version),
            "metadata": .object(row.metadata),
            "projectId": .string(row.projectId),
            "environment": .string(row.environment),
            "public": .bool(row.isPublic),
            "bookmarked": .bool(row.bookmarked),
            "tags": .array(row.tags.map(JSONValue.string)),
            "input": row.input ?? .null,
            "output": row.output ?? .null,
            "createdAt": time(row.partition.createdAt),
            "updatedAt": time(row.updatedAt),
            "htmlPath": .string("/project/\(row.projectId)/traces/\(row.id)"),
        ]
    }

    static func observation(_ row: ObservationRow) -> JSONValue {
        let promptTokens = sum(row.usageDetails, containing: "input")
        let completionTokens = sum(row.usageDetails, containing: "output")
        let totalTokens = row.usageDetails["total"] ?? 0
        return .object([
            "id": .string(row.id),
            "projectId": .string(row.projectId),
            "traceId": .string(row.traceId),
            "parentObservationId": optional(row.parentObservationId),
            "type": .string(row.type),
            "name": optional(row.name),
            "environment": .string(row.environment),
            "startTime": time(row.startTime),
            "endTime": row.endTime.map(time) ?? .null,
            "completionStartTime": row.completionStartTime.map(time) ?? .null,
            "createdAt": time(row.partition.createdAt),
            "updatedAt": time(row.updatedAt),
            "version": optional(row.version),
            "input": row.input ?? .null,
            "output": row.output ?? .null,
            "metadata": .object(row.metadata),
            "level": .string(row.level),
            "statusMessage": optional(row.statusMessage),
            "model": optional(row.providedModelName),
            "modelParameters": row.modelParameters ?? .null,
            "modelId": optional(row.pricing?.modelId),
            "inputPrice": decimal(row.pricing?.inputPrice),
            "outputPrice": decimal(row.pricing?.outputPrice),
            "totalPrice": decimal(row.pricing?.totalPrice),
            "promptId": .null,
            "promptName": optional(row.promptName),
            "promptVersion": row.promptVersion.map { .number(Double($0)) } ?? .null,
            "usageDetails": numberMap(row.usageDetails),
            "costDetails": .object(row.costDetails.mapValues { .number($0.doubleValue) }),
            "usage": .object([
                "input": .number(promptTokens), "output": .number(completionTokens),
                "total": .number(totalTokens), "unit": .string("TOKENS"),
            ]),
            "unit": .string("TOKENS"),
            "promptTokens": .number(promptTokens),
            "completionTokens": .number(completionTokens),
            "totalTokens": .number(totalTokens),
            "usagePricingTierId": optional(row.pricing?.tierId),
            "usagePricingTierName": optional(row.pricing?.tierName),
            "calculatedInputCost": row.costDetails.isEmpty ? .null : decimal(sum(row.costDetails, containing: "input")),
            "calculatedOutputCost": row.costDetails.isEmpty ? .null : decimal(sum(row.costDetails, containing: "output")),
            "calculatedTotalCost": decimal(row.totalCost),
            "latency": row.endTime.map { .number(Double($0 - row.startTime) / 1000) } ?? .null,
            "timeToFirstToken": row.completionStartTime.map { .number(Double($0 - row.startTime) / 1000) } ?? .null,
        ])
    }

    static func session(_ row: SessionRow) -> JSONValue {
        .object([
            "id": .string(row.id), "createdAt": time(row.createdAt), "projectId": .string(row.projectId),
            "environment": .string(row.environment),
        ])
    }

    /// A score; a categorical score without a numeric value reads 0, as Langfuse stores it.
    static func score(_ row: ScoreRow) -> JSONValue {
        .object([
            "id": .string(row.id),
            "projectId": .string(row.projectId),
            "name": .string(row.name),
            "value": row.value.map(JSONValue.number) ?? (row.dataType == "CATEGORICAL" ? .number(0) : .null),
            "stringValue": optional(row.stringValue),
            "dataType": .string(row.dataType),
            "source": .string(row.source),
            "comment": optional(row.comment),
            "traceId": optional(row.traceId),
            "observationId": optional(row.observationId),
            "sessionId": optional(row.sessionId),
            "datasetRunId": optional(row.datasetRunId),
            "environment": .string(row.environment),
            "metadata": .object(row.metadata),
            "configId": optional(row.configId),
            "queueId": optional(row.queueId),
            "authorUserId": .null,
            "timestamp": time(row.timestamp),
            "createdAt": time(row.partition.createdAt),
            "updatedAt": time(row.updatedAt),
        ])
    }

    private static func time(_ millis: EpochMillis) -> JSONValue { .string(ISO8601.format(millis)) }

    private static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    private static func numberMap(_ map: [String: Double]) -> JSONValue { .object(map.mapValues(JSONValue.number)) }

    private static func sum<Number: AdditiveArithmetic>(_ map: [String: Number], containing key: String) -> Number {
        map.filter { $0.key.contains(key) }.values.reduce(.zero, +)
    }

    /// Costs and prices are exact decimals in the store; JSON carries them as numbers.
    private static func decimal(_ value: Decimal?) -> JSONValue { value.map { .number($0.doubleValue) } ?? .null }
}
