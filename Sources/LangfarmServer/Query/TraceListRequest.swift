import LangfarmCore

/// `GET /api/public/traces`'s parameters as a `TraceListQuery` (Langfuse's rules: the simple
/// parameters become conditions, `filter` conditions win over them on the same column).
enum TraceListRequest {
    static func query(projectId: String, _ parameters: QueryParameters) throws -> TraceListQuery {
        let filter: [FilterCondition<TraceColumn>] = try parameters.filter()
        let range = try parameters.timeRange(from: "fromTimestamp", to: "toTimestamp")
        var simple: [FilterCondition<TraceColumn>] = []
        for (name, column) in [("userId", TraceColumn.userId), ("name", .name), ("sessionId", .sessionId), ("version", .version), ("release", .release)] {
            if let value = parameters.string(name) {
                simple.append(FilterCondition(column: column, type: .string, operator: .equals, value: .string(value)))
            }
        }
        let tags = parameters.list("tags")
        if !tags.isEmpty {
            simple.append(FilterCondition(column: .tags, type: .arrayOptions, operator: .allOf, value: .strings(tags)))
        }
        let environments = parameters.list("environment")
        if !environments.isEmpty {
            simple.append(FilterCondition(column: .environment, type: .stringOptions, operator: .anyOf, value: .strings(environments)))
        }
        if let from = range.from {
            simple.append(FilterCondition(column: .timestamp, type: .datetime, operator: .greaterThanOrEqual, value: .time(from)))
        }
        if let to = range.to {
            simple.append(FilterCondition(column: .timestamp, type: .datetime, operator: .lessThan, value: .time(to)))
        }
        return TraceListQuery(
            projectId: projectId,
            conditions: mergeConditions(filter: filter, simple: simple),
            order: try order(parameters.nonEmpty("orderBy")),
            page: try parameters.page(),
            fields: fields(parameters)
        )
    }

    /// `fields`: every group when absent, as Langfuse.
    static func fields(_ parameters: QueryParameters) -> TraceFieldGroups {
        parameters.nonEmpty("fields").map(TraceFieldGroups.init(listed:)) ?? .all
    }

    /// `orderBy=<field>.<asc|desc>` over the fields Langfuse's API sorts by.
    static func order(_ text: String?) throws -> TraceOrder {
        guard let text else { return .newestFirst }
        let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
        let allowed = TraceSortField.publicAPI.map(\.rawValue)
        guard parts.count == 2, let direction = SortDirection(rawValue: parts[1].lowercased()),
              let field = TraceSortField(rawValue: parts[0]), TraceSortField.publicAPI.contains(field)
        else {
            throw APIError.invalidQuery(QueryError(
                "orderBy", "'\(text.prefix(64))' is not <field>.<asc|desc> with field one of \(allowed.joined(separator: ", "))"
            ))
        }
        return TraceOrder(field: field, direction: direction)
    }
}
