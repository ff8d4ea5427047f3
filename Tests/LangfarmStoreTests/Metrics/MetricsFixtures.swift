import Foundation
import LangfarmCore
import LangfarmStore

/// Ingestion events for the metrics conformance tests, built from JSON values.
enum MetricsFixtures {
    static let start = ISO8601.parse("2026-11-20T00:00:00Z") ?? 0
    static let hour: EpochMillis = 3_600_000

    static func event(_ type: String, id: String, at time: EpochMillis, _ body: [String: JSONValue]) -> NormalisedEvent {
        Fixtures.event(type, id: id, at: ISO8601.format(time), body: JSONValue.object(body).jsonText)
    }

    static func trace(_ id: String, at time: EpochMillis, _ fields: [String: JSONValue] = [:]) -> NormalisedEvent {
        event("trace-create", id: "\(id)-create", at: time, fields.merging(["id": .string(id), "timestamp": .string(ISO8601.format(time))]) { $1 })
    }

    /// An observation event of `kind` (`span`, `generation`, `event`) and `action`
    /// (`create`, `update`).
    static func observation(
        _ kind: String, _ action: String = "create", id: String, trace: String, envelope: String? = nil, at time: EpochMillis,
        _ fields: [String: JSONValue]
    ) -> NormalisedEvent {
        event("\(kind)-\(action)", id: envelope ?? "\(id)-\(action)", at: time, fields.merging(["id": .string(id), "traceId": .string(trace)]) { $1 })
    }

    static func score(_ id: String, at time: EpochMillis, _ fields: [String: JSONValue]) -> NormalisedEvent {
        event("score-create", id: "\(id)-create", at: time, fields.merging(["id": .string(id)]) { $1 })
    }

    static func iso(_ time: EpochMillis) -> JSONValue { .string(ISO8601.format(time)) }
}
