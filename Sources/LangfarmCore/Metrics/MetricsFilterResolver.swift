/// Reads a metrics query's `filters` with the shared filter grammar (`FilterParser`), against
/// the columns of the query's view: a dimension (with a filter type its type accepts), the
/// time column, or `metadata` (`stringObject` with a key). Filters on measures are refused, as
/// in Langfuse.
enum MetricsFilterResolver {
    static func resolve<Field: MetricsField>(
        _ items: [JSONValue], catalogue: MetricsCatalogue<Field>, measureNames: [String]
    ) throws(QueryError) -> [FilterCondition<Field>] {
        var conditions: [FilterCondition<Field>] = []
        for (index, item) in items.enumerated() {
            let path = "query.filters[\(index)]"
            guard case .string(let columnName)? = item["column"] else {
                throw QueryError("\(path).column", "expected a string, got \(item["column"]?.kindDescription ?? "nothing")")
            }
            let field = try column(named: columnName, at: "\(path).column", catalogue: catalogue, measureNames: measureNames)
            // The grammar looks columns up by name without knowing the view and version, so it
            // is handed the field's own name and the condition gets the catalogue's field: the
            // one the name means here (v1's `sessionId` of a score is its trace's).
            var canonical = item.objectValue ?? [:]
            canonical["column"] = .string(field.names.first ?? columnName)
            guard let parsed: FilterCondition<Field> = try FilterParser.condition(.object(canonical), at: path, allowsMatches: false) else { continue }
            let condition = FilterCondition(column: field, type: parsed.type, operator: parsed.operator, value: parsed.value, key: parsed.key)
            if field.kind == .arrayOptions, condition.type == .stringOptions {
                throw QueryError("\(path).type", "Invalid filter for field '\(columnName)': Filter type 'stringOptions' is not supported for dimension type 'string[]'. Expected 'arrayOptions'.")
            }
            if field.kind == .stringObject, condition.type != .stringObject {
                throw QueryError("\(path).type", "Invalid filter for field 'metadata': Metadata filters require type 'stringObject' with a 'key' property, not '\(condition.type.rawValue)'.")
            }
            conditions.append(condition)
        }
        return conditions
    }

    /// The view's column called `name`. Like Langfuse (LFE-4838), an unknown name ending in
    /// `Name` (`scoreName`) means the view's `name`.
    private static func column<Field: MetricsField>(
        named name: String, at path: String, catalogue: MetricsCatalogue<Field>, measureNames: [String]
    ) throws(QueryError) -> Field {
        if let field = catalogue.filterColumn(named: name) { return field }
        if name.hasSuffix("Name"), let field = catalogue.dimension(named: "name") { return field }
        if let reason = Field.unsupportedNames[name] { throw QueryError(path, "column '\(name)' is not supported: \(reason)") }
        if measureNames.contains(name) {
            throw QueryError(path, "'\(name)' is a measure; filters apply to dimensions only (\(catalogue.dimensions.map(\.name).joined(separator: ", ")), the time column or metadata)")
        }
        let columns = (catalogue.dimensions + catalogue.filterOnly).map(\.name)
        throw QueryError(path, "Invalid filter column \(name.prefix(64)). Must be one of \(columns.joined(separator: ", "))")
    }
}
