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

    /// A query of project `p` over all time, as the rollup conformance tests ask them.
    static func query<Field: MetricsField & RawRepresentable<String>, Measure: MetricsMeasure & RawRepresentable<String>>(
        _ dimensions: [Field], _ metrics: [(MetricAggregation, Measure)], filters: [FilterCondition<Field>] = [], granularity: TimeGranularity? = nil
    ) -> MetricsQuery<Field, Measure> {
        MetricsQuery(
            projectId: "p", dimensions: dimensions.map { MetricsDimension($0, name: $0.rawValue) },
            metrics: metrics.map { Metric($0.0, of: $0.1, named: $0.1.rawValue) }, filters: filters, window: .always,
            timeDimension: granularity, rowLimit: nil
        )
    }

    static func filter<Field>(_ column: Field, _ type: FilterType, _ op: FilterOperator, _ value: FilterValue) -> FilterCondition<Field> {
        FilterCondition(column: column, type: type, operator: op, value: value)
    }

    /// The path of a new SQLite store file in a directory of its own, so that a test can open
    /// it again (after editing it as an older Langfarm left it).
    static func newStorePath() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("langfarm-metrics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("langfarm.sqlite").path
    }
}
