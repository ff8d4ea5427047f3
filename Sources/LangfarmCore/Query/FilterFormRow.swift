import Foundation

/// One row of the UI's filter builder, as a form sends it: a column, an operator and a value
/// typed into a text field (and a key for metadata and scores). `conditions(_:)` turns rows into
/// the same typed conditions as the API's `filter` JSON, through `FilterParser`, so the builder
/// accepts exactly what the API accepts and refuses it with the same messages.
public struct FilterFormRow: Sendable, Equatable {
    public var column: String
    public var `operator`: String
    public var value: String
    public var key: String

    public init(column: String, operator: String, value: String, key: String = "") {
        self.column = column
        self.operator = `operator`
        self.value = value
        self.key = key
    }

    /// The conditions of the rows that name a column (a row without one is the empty row a
    /// form offers for adding a condition).
    public static func conditions<Column: FilterColumn>(_ rows: [FilterFormRow], as column: Column.Type = Column.self) throws(QueryError) -> [FilterCondition<Column>] {
        let json = rows.filter { !$0.column.isEmpty }.map { row -> JSONValue in
            let column = Column.named(row.column)
            let op = FilterOperator(rawValue: row.operator)
            let type = column.map { Self.type(of: $0.kind, for: op) } ?? .string
            var fields: [String: JSONValue] = [
                "type": .string(type.rawValue), "column": .string(row.column), "operator": .string(row.operator),
                "value": Self.value(row.value, as: type),
            ]
            if !row.key.isEmpty { fields["key"] = .string(row.key) }
            return .object(fields)
        }
        return try FilterParser.parse(.array(json), parameter: "filter")
    }

    /// The filter type a column is compared as with an operator: lists for `any of`, `none of`
    /// and `all of`, `null` for the emptiness tests, else the column's own type.
    static func type(of kind: ColumnKind, for op: FilterOperator?) -> FilterType {
        switch op {
        case .isNull?, .isNotNull?: return .null
        case .anyOf?, .noneOf?, .allOf?:
            switch kind {
            case .arrayOptions: return .arrayOptions
            case .categoryOptions: return .categoryOptions
            default: return .stringOptions
            }
        default: return kind.compatibleTypes[0]
        }
    }

    /// The typed-in text as the JSON value of the type: a number when it reads as one, a
    /// comma-separated list, true or false; anything else stays text, and the parser says
    /// what it expected.
    static func value(_ text: String, as type: FilterType) -> JSONValue {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch type {
        case .number, .numberObject:
            return Double(trimmed).map(JSONValue.number) ?? .string(text)
        case .stringOptions, .categoryOptions, .arrayOptions:
            return .array(trimmed.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 != .string("") })
        case .boolean, .booleanObject:
            switch trimmed.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return .string(text)
            }
        case .datetime:
            // A date alone means its start, in UTC.
            return .string(trimmed.count == 10 ? trimmed + "T00:00:00Z" : trimmed)
        default:
            return .string(text)
        }
    }
}
