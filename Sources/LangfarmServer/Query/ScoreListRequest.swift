import LangfarmCore

/// The parameters of the score lists: v1 `GET /api/public/scores` and v2
/// `GET /api/public/v2/scores` (offset pages, simple parameters and a metadata `filter`), and
/// v3 `GET /api/public/v3/scores` (cursor pages, comma-separated filters, Langfuse's
/// combination rules).
enum ScoreListRequest {
    static func v1v2(projectId: String, _ parameters: QueryParameters, scope: ScoreScope) throws -> ScoreListQuery {
        var simple: [FilterCondition<ScoreColumn>] = []
        for (name, column) in [
            ("userId", ScoreColumn.userId), ("name", .name), ("configId", .configId), ("queueId", .queueId),
            ("sessionId", .sessionId), ("datasetRunId", .datasetRunId), ("traceId", .traceId),
        ] {
            if let value = parameters.string(name) { simple.append(equals(column, value)) }
        }
        for (name, column) in [("source", ScoreColumn.source), ("dataType", .dataType)] {
            if let value = parameters.nonEmpty(name) { simple.append(equals(column, value.uppercased())) }
        }
        for (name, column) in [("scoreIds", ScoreColumn.id), ("observationId", .observationId)] {
            let values = parameters.commaSeparated(name)
            if !values.isEmpty { simple.append(anyOf(column, values)) }
        }
        let environments = parameters.list("environment")
        if !environments.isEmpty { simple.append(anyOf(.environment, environments)) }
        let traceTags = parameters.list("traceTags")
        if !traceTags.isEmpty {
            simple.append(FilterCondition(column: .traceTags, type: .arrayOptions, operator: .allOf, value: .strings(traceTags)))
        }
        simple += try timeRange(parameters)
        if let value = try parameters.number("value") {
            simple.append(FilterCondition(column: .value, type: .number, operator: try comparison(parameters.nonEmpty("operator")), value: .number(value)))
        }
        return ScoreListQuery(
            projectId: projectId, conditions: mergeConditions(filter: try parameters.filter(), simple: simple), scope: scope,
            paging: .offset(try parameters.page())
        )
    }

    /// What v3 cursors are issued for.
    static let cursorEndpoint = "v3/scores"

    static let v3Parameters: Set<String> = [
        "limit", "cursor", "fields", "id", "name", "source", "dataType", "environment", "configId", "queueId", "authorUserId",
        "value", "valueMin", "valueMax", "traceId", "sessionId", "observationId", "experimentId", "fromTimestamp", "toTimestamp",
    ]

    static func v3(projectId: String, _ parameters: QueryParameters, cursors: CursorCodec) throws -> ScoreListQuery {
        if let unknown = parameters.names.subtracting(v3Parameters).sorted().first {
            throw APIError.invalidQuery(QueryError(unknown, "is not a parameter of v3 scores; use \(v3Parameters.sorted().joined(separator: ", "))"))
        }
        var conditions: [FilterCondition<ScoreColumn>] = []
        for (name, column, uppercased) in [
            ("id", ScoreColumn.id, false), ("name", .name, false), ("source", .source, true), ("dataType", .dataType, true),
            ("environment", .environment, false), ("configId", .configId, false), ("queueId", .queueId, false),
            ("authorUserId", .authorUserId, false), ("traceId", .traceId, false), ("sessionId", .sessionId, false),
            ("observationId", .observationId, false), ("experimentId", .datasetRunId, false),
        ] {
            let values = parameters.commaSeparated(name).map { uppercased ? $0.uppercased() : $0 }
            if !values.isEmpty { conditions.append(anyOf(column, values)) }
        }
        let given = { (name: String) in !parameters.commaSeparated(name).isEmpty }
        let subjects = ["traceId", "sessionId", "experimentId"].filter(given)
        if subjects.count > 1 {
            throw APIError.invalidQuery(QueryError(subjects[1], "cannot be combined with \(subjects[0]); filter by one of traceId, sessionId and experimentId"))
        }
        if given("observationId"), !given("traceId") {
            throw APIError.invalidQuery(QueryError("observationId", "requires traceId"))
        }
        let dataTypes = parameters.commaSeparated("dataType").map { $0.uppercased() }
        if let value = parameters.nonEmpty("value") {
            conditions.append(try valueCondition(value, dataTypes: dataTypes))
        }
        for (name, op) in [("valueMin", FilterOperator.greaterThanOrEqual), ("valueMax", .lessThanOrEqual)] {
            guard let bound = try parameters.number(name) else { continue }
            guard dataTypes == ["NUMERIC"] else { throw APIError.invalidQuery(QueryError(name, "requires dataType=NUMERIC")) }
            conditions.append(FilterCondition(column: .value, type: .number, operator: op, value: .number(bound)))
        }
        conditions += try timeRange(parameters)
        let position: ListPosition? = try parameters.nonEmpty("cursor").map {
            try cursors.decode($0, endpoint: cursorEndpoint, projectId: projectId)
        }
        return ScoreListQuery(
            projectId: projectId, conditions: conditions,
            paging: .cursor(after: position, limit: try parameters.integer("limit", default: 50, range: 1...100))
        )
    }

    /// `value` compares by data type: a number, `true`/`false`, or a category.
    private static func valueCondition(_ text: String, dataTypes: [String]) throws -> FilterCondition<ScoreColumn> {
        switch dataTypes {
        case ["NUMERIC"]:
            guard let number = Double(text), number.isFinite else { throw APIError.invalidQuery(QueryError("value", "expected a number for dataType NUMERIC")) }
            return FilterCondition(column: .value, type: .number, operator: .equals, value: .number(number))
        case ["BOOLEAN"]:
            guard let flag = ["true": 1.0, "false": 0.0][text.lowercased()] else {
                throw APIError.invalidQuery(QueryError("value", "expected true or false for dataType BOOLEAN"))
            }
            return FilterCondition(column: .value, type: .number, operator: .equals, value: .number(flag))
        case ["CATEGORICAL"]:
            return equals(.stringValue, text)
        default:
            throw APIError.invalidQuery(QueryError("value", "requires exactly one dataType of NUMERIC, BOOLEAN or CATEGORICAL"))
        }
    }

    private static func timeRange(_ parameters: QueryParameters) throws -> [FilterCondition<ScoreColumn>] {
        let range = try parameters.timeRange(from: "fromTimestamp", to: "toTimestamp")
        return [
            range.from.map { FilterCondition(column: .timestamp, type: .datetime, operator: .greaterThanOrEqual, value: .time($0)) },
            range.to.map { FilterCondition(column: .timestamp, type: .datetime, operator: .lessThan, value: .time($0)) },
        ].compactMap { $0 }
    }

    /// Langfuse's `operator` values for comparing `value` (`=` when absent).
    private static func comparison(_ text: String?) throws -> FilterOperator {
        switch text ?? "=" {
        case "=": return .equals
        case "!=", "<>": return .notEquals
        case "<": return .lessThan
        case ">": return .greaterThan
        case "<=": return .lessThanOrEqual
        case ">=": return .greaterThanOrEqual
        case let other: throw APIError.invalidQuery(QueryError("operator", "'\(other.prefix(16))' is not one of <, >, <=, >=, !=, ="))
        }
    }

    private static func equals(_ column: ScoreColumn, _ value: String) -> FilterCondition<ScoreColumn> {
        FilterCondition(column: column, type: .string, operator: .equals, value: .string(value))
    }

    private static func anyOf(_ column: ScoreColumn, _ values: [String]) -> FilterCondition<ScoreColumn> {
        FilterCondition(column: column, type: .stringOptions, operator: .anyOf, value: .strings(values))
    }
}
