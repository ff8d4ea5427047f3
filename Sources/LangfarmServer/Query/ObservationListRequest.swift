import LangfarmCore

/// The parameters of `GET /api/public/observations` (v1, offset pages) and
/// `GET /api/public/v2/observations` (cursor pages, field groups), as Langfuse reads them.
enum ObservationListRequest {
    /// v1: the simple parameters and `filter`.
    static func v1(projectId: String, _ parameters: QueryParameters) throws -> ObservationListQuery {
        ObservationListQuery(
            projectId: projectId,
            conditions: mergeConditions(filter: try parameters.filter(), simple: try simpleConditions(parameters)),
            paging: .offset(try parameters.page())
        )
    }

    /// v2: also `sessionId` and `isRootObservation`, `matches` in `filter`, and a cursor.
    static func v2(projectId: String, _ parameters: QueryParameters, cursors: CursorCodec) throws -> ObservationListQuery {
        if parameters.string("parseIoAsJson")?.lowercased() == "true" {
            throw APIError.invalidQuery(QueryError(
                "parseIoAsJson", "true is no longer supported; input and output are always returned as raw strings (remove it or set it to false)"
            ))
        }
        let filter: [FilterCondition<ObservationColumn>] = try parameters.filter(allowsMatches: true)
        try checkInputOutputFilters(filter)
        var simple = try simpleConditions(parameters)
        if let sessionId = parameters.string("sessionId") {
            simple.append(FilterCondition(column: .sessionId, type: .string, operator: .equals, value: .string(sessionId)))
        }
        if let isRoot = try parameters.boolean("isRootObservation") {
            simple.append(FilterCondition(column: .isRootObservation, type: .boolean, operator: .equals, value: .bool(isRoot)))
        }
        let position: ListPosition? = try parameters.nonEmpty("cursor").map {
            try cursors.decode($0, endpoint: cursorEndpoint, projectId: projectId)
        }
        return ObservationListQuery(
            projectId: projectId,
            conditions: mergeConditions(filter: filter, simple: simple),
            paging: .cursor(after: position, limit: try parameters.integer("limit", default: 50, range: 1...1000))
        )
    }

    /// What v2 cursors are issued for.
    static let cursorEndpoint = "v2/observations"

    private static func simpleConditions(_ parameters: QueryParameters) throws -> [FilterCondition<ObservationColumn>] {
        var conditions: [FilterCondition<ObservationColumn>] = []
        for (name, column) in [
            ("name", ObservationColumn.name), ("userId", .userId), ("type", .type), ("traceId", .traceId), ("version", .version),
        ] {
            if let value = parameters.string(name) {
                conditions.append(FilterCondition(column: column, type: .string, operator: .equals, value: .string(value)))
            }
        }
        if let level = parameters.nonEmpty("level") {
            guard ObservationLevel(rawValue: level) != nil else {
                throw APIError.invalidQuery(QueryError("level", "'\(level.prefix(32))' is not one of DEBUG, DEFAULT, WARNING, ERROR"))
            }
            conditions.append(FilterCondition(column: .level, type: .string, operator: .equals, value: .string(level)))
        }
        if let parent = parameters.string("parentObservationId") {
            // An empty value asks for observations without a parent.
            conditions.append(parent.isEmpty
                ? FilterCondition(column: .parentObservationId, type: .null, operator: .isNull, value: .none)
                : FilterCondition(column: .parentObservationId, type: .string, operator: .equals, value: .string(parent)))
        }
        let environments = parameters.list("environment")
        if !environments.isEmpty {
            conditions.append(FilterCondition(column: .environment, type: .stringOptions, operator: .anyOf, value: .strings(environments)))
        }
        let range = try parameters.timeRange(from: "fromStartTime", to: "toStartTime")
        if let from = range.from {
            conditions.append(FilterCondition(column: .startTime, type: .datetime, operator: .greaterThanOrEqual, value: .time(from)))
        }
        if let to = range.to {
            conditions.append(FilterCondition(column: .startTime, type: .datetime, operator: .lessThan, value: .time(to)))
        }
        return conditions
    }

    /// Langfuse's v2 rules for input and output filters: string filters only, and at least one
    /// of them `=` or `matches`, so that no request scans every body with `contains` alone.
    static func checkInputOutputFilters(_ filter: [FilterCondition<ObservationColumn>]) throws {
        let inputOutput = filter.filter { $0.column == .input || $0.column == .output }
        guard !inputOutput.isEmpty else { return }
        guard inputOutput.allSatisfy({ $0.type == .string }) else {
            throw APIError.invalidQuery(QueryError("filter", "Input/output filters only support filter type `string`."))
        }
        guard inputOutput.contains(where: { $0.operator == .equals || $0.operator == .matches }) else {
            throw APIError.invalidQuery(QueryError("filter", "Input/output filters require at least one `matches` or `=` operator."))
        }
    }
}
