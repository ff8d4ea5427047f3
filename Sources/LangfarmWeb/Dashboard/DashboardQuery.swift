import LangfarmCore
import LangfarmStore

/// A dashboard card's question, written in the metrics API's query language and answered by the
/// same engine as `GET /api/public/metrics` and `/v2/metrics` (docs/METRICS.md). v2 has no
/// traces view (as in Langfuse), so trace questions are asked in v1.
struct DashboardQuery {
    var view: String
    var dimensions: [String] = []
    var metrics: [(measure: String, aggregation: String)]
    var filters: [JSONValue] = []
    var timeSeries = false
    var orderBy: (field: String, direction: String)?
    var rowLimit: Int?

    /// The query JSON over `[from, to)`.
    func json(from: EpochMillis, to: EpochMillis) -> String {
        var query: [String: JSONValue] = [
            "view": .string(view),
            "dimensions": .array(dimensions.map { ["field": .string($0)] }),
            "metrics": .array(metrics.map { ["measure": .string($0.measure), "aggregation": .string($0.aggregation)] }),
            "filters": .array(filters),
            "fromTimestamp": .string(ISO8601.format(from)), "toTimestamp": .string(ISO8601.format(to)),
        ]
        if timeSeries { query["timeDimension"] = ["granularity": "auto"] }
        if let orderBy { query["orderBy"] = [["field": .string(orderBy.field), "direction": .string(orderBy.direction)]] }
        if let rowLimit { query["config"] = ["row_limit": .number(Double(rowLimit))] }
        return JSONValue.object(query).jsonText
    }

    func run(projectId: String, from: EpochMillis, to: EpochMillis, store: any Store) async throws -> MetricsResult {
        try await store.metrics(MetricsQueryParser.parse(json(from: from, to: to), version: view == "traces" ? .v1 : .v2, projectId: projectId))
    }

    /// A filter condition in the query language; `key` for a `stringObject` (metadata) filter.
    static func filter(_ column: String, _ op: String, _ value: JSONValue, type: String, key: String? = nil) -> JSONValue {
        var condition: [String: JSONValue] = ["column": .string(column), "operator": .string(op), "value": value, "type": .string(type)]
        if let key { condition["key"] = .string(key) }
        return .object(condition)
    }
}
