import Foundation
import LangfarmCore

/// Observations in the shape of `GET /api/public/v2/observations`: the core fields, then only
/// the requested groups (absent otherwise); input and output as raw JSON strings; prices as
/// decimal strings; metadata values over 200 characters cut unless `expandMetadata` names them.
enum ObservationV2Presenter {
    static let metadataValueLimit = 200

    static func observation(_ item: ObservationListItem, fields: ObservationFieldGroups, expandMetadata: Set<String>) -> JSONValue {
        let row = item.observation
        let trace = item.trace
        var body: [String: JSONValue] = [
            "id": .string(row.id), "traceId": .string(row.traceId), "startTime": time(row.startTime),
            "endTime": row.endTime.map(time) ?? .null, "projectId": .string(row.projectId),
            "parentObservationId": optional(row.parentObservationId), "type": .string(row.type),
            "modelId": .null, "inputPrice": .null, "outputPrice": .null, "totalPrice": .null,
        ]
        if fields.contains(.basic) {
            body.merge([
                "name": optional(row.name), "level": .string(row.level), "statusMessage": optional(row.statusMessage),
                "version": optional(row.version), "environment": .string(row.environment), "bookmarked": .bool(trace.bookmarked),
                "public": .bool(trace.isPublic), "userId": optional(trace.userId), "sessionId": optional(trace.sessionId),
                "isRootObservation": .bool(row.parentObservationId == nil),
            ]) { $1 }
        }
        if fields.contains(.time) {
            body.merge([
                "completionStartTime": row.completionStartTime.map(time) ?? .null,
                "createdAt": time(row.partition.createdAt), "updatedAt": time(row.updatedAt),
            ]) { $1 }
        }
        if fields.contains(.io) {
            body["input"] = row.input.map { .string(rawText($0)) } ?? .null
            body["output"] = row.output.map { .string(rawText($0)) } ?? .null
        }
        if fields.contains(.metadata) {
            body["metadata"] = .object(row.metadata.reduce(into: [:]) { result, entry in
                result[entry.key] = expandMetadata.contains(entry.key) ? entry.value : truncated(entry.value)
            })
        }
        if fields.contains(.model) {
            body.merge([
                "model": optional(row.providedModelName), "providedModelName": optional(row.providedModelName),
                "internalModelId": optional(row.pricing?.modelId), "modelParameters": row.modelParameters ?? .null,
                "modelId": optional(row.pricing?.modelId), "inputPrice": price(row.pricing?.inputPrice),
                "outputPrice": price(row.pricing?.outputPrice), "totalPrice": price(row.pricing?.totalPrice),
            ]) { $1 }
        }
        if fields.contains(.usage) {
            body.merge([
                "usageDetails": .object(row.usageDetails.mapValues(JSONValue.number)),
                "costDetails": .object(row.costDetails.mapValues { .number($0.doubleValue) }),
                "totalCost": row.totalCost.map { .number($0.doubleValue) } ?? .null,
                "usagePricingTierName": optional(row.pricing?.tierName),
            ]) { $1 }
        }
        if fields.contains(.prompt) {
            body.merge([
                "promptId": .null, "promptName": optional(row.promptName),
                "promptVersion": row.promptVersion.map { .number(Double($0)) } ?? .null,
            ]) { $1 }
        }
        if fields.contains(.metrics) {
            let measures = ObservationMeasures(row)
            body["latency"] = measures.latencyMillis.map { .number(Double($0) / 1000) } ?? .null
            body["timeToFirstToken"] = measures.timeToFirstTokenMillis.map { .number(Double($0) / 1000) } ?? .null
        }
        if fields.contains(.traceContext) {
            body.merge([
                "tags": .array(trace.tags.map(JSONValue.string)), "release": optional(trace.release), "traceName": optional(trace.name),
            ]) { $1 }
        }
        return .object(body)
    }

    /// Input and output as Langfuse stores them: a string as itself, anything else as JSON text.
    static func rawText(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return value.jsonText
    }

    private static func truncated(_ value: JSONValue) -> JSONValue {
        let text = rawText(value)
        guard text.count > metadataValueLimit else { return value }
        return .string(String(text.prefix(metadataValueLimit)))
    }

    private static func price(_ value: Decimal?) -> JSONValue { value.map { .string($0.decimalText) } ?? .null }

    private static func time(_ millis: EpochMillis) -> JSONValue { .string(ISO8601.format(millis)) }

    private static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
}
