import Foundation

/// Reads Langfuse's filter JSON (the `filter` query parameter, and the `filters` of a metrics
/// query) into typed conditions, refusing anything Langfuse's schema refuses with an error that
/// names the condition and field.
///
/// Limits keep a hostile filter from costing much: at most `maxConditions` conditions, strings
/// of at most `maxTextLength` characters, at most `maxOptions` values in a list.
public enum FilterParser {
    public static let maxConditions = 100
    public static let maxTextLength = 10_000
    public static let maxOptions = 1_000

    /// Parses the text of a `filter` parameter.
    public static func parse<Column: FilterColumn>(
        _ text: String, parameter: String = "filter", allowsMatches: Bool = false, as column: Column.Type = Column.self
    ) throws(QueryError) -> [FilterCondition<Column>] {
        let json: JSONValue
        do {
            json = try JSONParser.parse(Data(text.utf8))
        } catch {
            throw QueryError(parameter, "is not valid JSON (\(error)); expected an array of {type, column, operator, value, key?}")
        }
        return try parse(json, parameter: parameter, allowsMatches: allowsMatches)
    }

    /// Parses an already decoded filter array.
    public static func parse<Column: FilterColumn>(
        _ json: JSONValue, parameter: String, allowsMatches: Bool = false, as column: Column.Type = Column.self
    ) throws(QueryError) -> [FilterCondition<Column>] {
        guard case .array(let items) = json else {
            throw QueryError(parameter, "expected an array of filter conditions, got \(json.kindDescription)")
        }
        guard items.count <= maxConditions else {
            throw QueryError(parameter, "has \(items.count) conditions; at most \(maxConditions) are allowed")
        }
        var conditions: [FilterCondition<Column>] = []
        for (index, item) in items.enumerated() {
            if let condition: FilterCondition<Column> = try condition(item, at: "\(parameter)[\(index)]", allowsMatches: allowsMatches) {
                conditions.append(condition)
            }
        }
        return conditions
    }

    /// One condition; nil for a `positionInTrace` condition, which Langfuse ignores in queries.
    static func condition<Column: FilterColumn>(
        _ item: JSONValue, at path: String, allowsMatches: Bool
    ) throws(QueryError) -> FilterCondition<Column>? {
        guard case .object(let fields) = item else {
            throw QueryError(path, "expected an object {type, column, operator, value, key?}, got \(item.kindDescription)")
        }
        let typeName = try string(fields["type"], at: "\(path).type")
        guard let type = FilterType(rawValue: typeName) else {
            throw QueryError("\(path).type", "unknown filter type '\(typeName.prefix(64))'; one of \(FilterType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if type == .positionInTrace { return nil }
        let columnName = try string(fields["column"], at: "\(path).column")
        guard let column = Column.named(columnName) else {
            throw QueryError("\(path).column", "unknown column '\(columnName.prefix(64))'; columns: \(Column.allCases.compactMap(\.names.first).joined(separator: ", "))")
        }
        guard type == .null || column.kind.compatibleTypes.contains(type) else {
            throw QueryError("\(path).type", "filter type '\(type.rawValue)' does not suit column '\(columnName)'; use \(column.kind.compatibleTypes.map(\.rawValue).joined(separator: " or "))")
        }
        let operatorName = try string(fields["operator"], at: "\(path).operator")
        guard let op = FilterOperator(rawValue: operatorName), type.operators.contains(op) else {
            let allowed = type.operators.filter { $0 != .matches || allowsMatches }.map { "'\($0.rawValue)'" }
            throw QueryError("\(path).operator", "'\(operatorName.prefix(64))' is not an operator of type \(type.rawValue); one of \(allowed.joined(separator: ", "))")
        }
        if op == .matches {
            guard allowsMatches, column.acceptsMatches else {
                throw QueryError("\(path).operator", "`matches` is only supported for input, output, and metadata filters of v2 observations")
            }
        }
        let key = try optionalKey(fields["key"], at: "\(path).key", required: [.stringObject, .numberObject, .booleanObject, .categoryOptions].contains(type))
        let value = try self.value(fields["value"], of: type, operator: op, at: "\(path).value")
        return FilterCondition(column: column, type: type, operator: op, value: value, key: key)
    }

    private static func value(_ json: JSONValue?, of type: FilterType, operator op: FilterOperator, at path: String) throws(QueryError) -> FilterValue {
        switch type {
        case .string, .stringObject:
            let text = try string(json, at: path)
            if op == .matches, !text.unicodeScalars.contains(where: { CharacterSet.alphanumerics.contains($0) }) {
                throw QueryError(path, "`matches` requires at least one search token (a letter or digit)")
            }
            return .string(text)
        case .number, .numberObject:
            guard case .number(let number)? = json, number.isFinite else {
                throw QueryError(path, "expected a number, got \(json?.kindDescription ?? "nothing")")
            }
            return .number(number)
        case .datetime:
            switch json {
            case .string(let text)?:
                guard let time = ISO8601.parse(text) else { throw QueryError(path, "'\(text.prefix(64))' is not an ISO 8601 date-time") }
                return .time(time)
            case .number(let millis)? where millis.isFinite && abs(millis) < 1e15:
                return .time(EpochMillis(millis))
            default:
                throw QueryError(path, "expected an ISO 8601 date-time string, got \(json?.kindDescription ?? "nothing")")
            }
        case .stringOptions, .categoryOptions, .arrayOptions:
            guard case .array(let items)? = json else {
                throw QueryError(path, "expected an array of strings, got \(json?.kindDescription ?? "nothing")")
            }
            guard items.count <= maxOptions else { throw QueryError(path, "has \(items.count) values; at most \(maxOptions) are allowed") }
            var values: [String] = []
            for (index, item) in items.enumerated() { values.append(try string(item, at: "\(path)[\(index)]")) }
            if values.isEmpty, type == .stringOptions || (type == .arrayOptions && op == .anyOf) {
                throw QueryError(path, "must not be empty")
            }
            return .strings(values)
        case .boolean, .booleanObject:
            guard case .bool(let flag)? = json else { throw QueryError(path, "expected true or false, got \(json?.kindDescription ?? "nothing")") }
            return .bool(flag)
        case .null, .positionInTrace:
            return .none
        }
    }

    private static func string(_ json: JSONValue?, at path: String) throws(QueryError) -> String {
        guard case .string(let text)? = json else { throw QueryError(path, "expected a string, got \(json?.kindDescription ?? "nothing")") }
        guard text.count <= maxTextLength else { throw QueryError(path, "is longer than \(maxTextLength) characters") }
        // SQLite reads text up to a NUL, so "a\u0000b" would compare as "a".
        guard !text.utf8.contains(0) else { throw QueryError(path, "must not contain the NUL character (\\u0000)") }
        return text
    }

    private static func optionalKey(_ json: JSONValue?, at path: String, required: Bool) throws(QueryError) -> String? {
        guard let json, json != .null else {
            if required { throw QueryError(path, "is required for this filter type (the metadata key or score name)") }
            return nil
        }
        return try string(json, at: path)
    }
}
