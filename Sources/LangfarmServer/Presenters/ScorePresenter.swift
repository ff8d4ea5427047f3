import LangfarmCore

/// Scores in the shapes of the score lists: v1/v2 items carry their trace's user, tags,
/// environment and session; v3 items carry a value typed by the score's data type and the
/// requested groups.
enum ScorePresenter {
    /// A v1 or v2 list item; `includeTrace` false leaves `trace` out (v2 `fields=score`).
    static func listItem(_ item: ScoreListItem, includeTrace: Bool) -> JSONValue {
        guard case .object(var body) = APIPresenter.score(item.score) else { return .null }
        if includeTrace {
            body["trace"] = item.score.traceId == nil ? .null : .object([
                "userId": optional(item.trace?.userId), "tags": .array((item.trace?.tags ?? []).map(JSONValue.string)),
                "environment": optional(item.traceEnvironment), "sessionId": optional(item.trace?.sessionId),
            ])
        }
        return .object(body)
    }

    /// A v3 item: `value` is a number (NUMERIC), a boolean (BOOLEAN) or the string value.
    static func v3(_ item: ScoreListItem, groups: Set<String>) -> JSONValue {
        let score = item.score
        var body: [String: JSONValue] = [
            "id": .string(score.id), "projectId": .string(score.projectId), "name": .string(score.name),
            "source": .string(score.source), "dataType": .string(score.dataType), "timestamp": time(score.timestamp),
            "environment": .string(score.environment), "createdAt": time(score.partition.createdAt), "updatedAt": time(score.updatedAt),
            "value": value(score),
        ]
        if groups.contains("details") {
            body["comment"] = optional(score.comment)
            body["configId"] = optional(score.configId)
            body["metadata"] = .object(score.metadata)
        }
        if groups.contains("subject") { body["subject"] = subject(score) }
        if groups.contains("annotation") {
            body["authorUserId"] = .null
            body["queueId"] = optional(score.queueId)
        }
        return .object(body)
    }

    static let v3Groups: Set<String> = ["details", "subject", "annotation"]

    private static func value(_ score: ScoreRow) -> JSONValue {
        switch score.dataType {
        case "NUMERIC": score.value.map(JSONValue.number) ?? .null
        case "BOOLEAN": .bool(score.value == 1)
        default: optional(score.stringValue)
        }
    }

    /// What the score is about, most specific first.
    private static func subject(_ score: ScoreRow) -> JSONValue {
        if let observationId = score.observationId {
            return .object(["kind": "observation", "id": .string(observationId), "traceId": optional(score.traceId)])
        }
        if let traceId = score.traceId { return .object(["kind": "trace", "id": .string(traceId)]) }
        if let sessionId = score.sessionId { return .object(["kind": "session", "id": .string(sessionId)]) }
        if let runId = score.datasetRunId { return .object(["kind": "experiment", "id": .string(runId)]) }
        return .null
    }

    private static func time(_ millis: EpochMillis) -> JSONValue { .string(ISO8601.format(millis)) }

    private static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
}
