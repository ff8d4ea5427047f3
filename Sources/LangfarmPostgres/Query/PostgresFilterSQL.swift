import LangfarmCore
import PostgresNIO

/// The SQL of a filter condition on a plain column, shared by every table's filter translation:
/// the same semantics as the SQLite store's (`SQLiteFilterSQL`): Langfuse's case-sensitive
/// string operators, `any of` as a list membership test, NULLs matching no comparison.
enum PostgresFilterSQL {
    /// A condition on the SQL expression `expression` (written by the store). `scale`
    /// multiplies number values (a latency filter in seconds on a column in milliseconds has
    /// 1000).
    static func scalar<Column>(_ expression: String, _ condition: FilterCondition<Column>, scale: Double = 1) -> PostgresFragment {
        switch condition.type {
        case .null:
            return condition.operator == .isNull ? "\(unescaped: expression) IS NULL" : "\(unescaped: expression) IS NOT NULL"
        case .string, .stringObject:
            return text(expression, condition.operator, condition.value.string ?? "")
        case .stringOptions, .categoryOptions, .arrayOptions:
            return options(expression, condition.operator, condition.value.strings)
        case .number, .numberObject:
            return comparison(expression, condition.operator, (condition.value.number ?? 0) * scale)
        case .datetime:
            return comparison(expression, condition.operator, condition.value.time ?? 0)
        case .boolean, .booleanObject:
            let test = condition.operator == .notEquals ? "IS DISTINCT FROM" : "IS NOT DISTINCT FROM"
            return "\(unescaped: expression) \(unescaped: test) \(condition.value.bool ?? false)"
        case .positionInTrace:
            return .alwaysTrue
        }
    }

    /// Case-sensitive text tests; `strpos`, `left` and `right` count characters, as SQLite's
    /// `instr` and `substr` do.
    static func text(_ expression: String, _ op: FilterOperator, _ value: String) -> PostgresFragment {
        switch op {
        case .contains: "strpos(\(unescaped: expression), \(value)) > 0"
        case .doesNotContain: "strpos(\(unescaped: expression), \(value)) = 0"
        case .startsWith: "left(\(unescaped: expression), char_length(\(value))) = \(value)"
        case .endsWith: value.isEmpty
            ? "\(unescaped: expression) IS NOT NULL"
            : "right(\(unescaped: expression), char_length(\(value))) = \(value)"
        default: "\(unescaped: expression) = \(value)"
        }
    }

    /// `any of` and `none of` a list; an empty list matches nothing (`any of`) or everything
    /// (`none of`), and a NULL value neither.
    static func options(_ expression: String, _ op: FilterOperator, _ values: [String]) -> PostgresFragment {
        switch op {
        case .noneOf: values.isEmpty ? .alwaysTrue : "NOT (\(unescaped: expression) = ANY(\(values)::text[]))"
        default: values.isEmpty ? .alwaysFalse : "\(unescaped: expression) = ANY(\(values)::text[])"
        }
    }

    static func comparison<Value: PostgresComparable>(_ expression: String, _ op: FilterOperator, _ value: Value) -> PostgresFragment {
        let sqlOperator = switch op {
        case .greaterThan: ">"
        case .lessThan: "<"
        case .greaterThanOrEqual: ">="
        case .lessThanOrEqual: "<="
        case .notEquals: "<>"
        default: "="
        }
        return "\(unescaped: expression) \(unescaped: sqlOperator) \(value)::\(unescaped: Value.sqlType)"
    }
}

/// A value a filter compares a column with, bound with its SQL type (so that a number compares
/// as a number with a bigint, double or numeric column).
protocol PostgresComparable: PostgresDynamicTypeEncodable {
    static var sqlType: String { get }
}

extension Double: PostgresComparable {
    static var sqlType: String { "double precision" }
}

extension Int64: PostgresComparable {
    static var sqlType: String { "bigint" }
}
