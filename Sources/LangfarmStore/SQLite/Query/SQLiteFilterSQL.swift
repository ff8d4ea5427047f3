import Foundation
import GRDB
import LangfarmCore

/// The SQL of a filter condition on a plain column, shared by every table's filter translation:
/// Langfuse's semantics for each filter type (case-sensitive string operators, as ClickHouse's
/// `position`, `startsWith` and `endsWith`; `any of` as `IN`).
enum SQLiteFilterSQL {
    /// A condition on the SQL expression `expression`. `scale` multiplies number values (a
    /// latency filter in seconds on a column in milliseconds has 1000).
    static func scalar<Column>(_ expression: String, _ condition: FilterCondition<Column>, scale: Double = 1) -> SQLFragment {
        switch condition.type {
        case .null:
            return SQLFragment(condition.operator == .isNull ? "\(expression) IS NULL" : "\(expression) IS NOT NULL")
        case .string, .stringObject:
            return text(expression, condition.operator, condition.value.string ?? "")
        case .stringOptions, .categoryOptions, .arrayOptions:
            return options(expression, condition.operator, condition.value.strings)
        case .number, .numberObject:
            return comparison(expression, condition.operator, (condition.value.number ?? 0) * scale)
        case .datetime:
            return comparison(expression, condition.operator, condition.value.time ?? 0)
        case .boolean, .booleanObject:
            return SQLFragment("\(expression) \(condition.operator == .notEquals ? "IS NOT" : "IS") ?", [condition.value.bool ?? false])
        case .positionInTrace:
            return .alwaysTrue
        }
    }

    static func text(_ expression: String, _ op: FilterOperator, _ value: String) -> SQLFragment {
        switch op {
        case .contains: SQLFragment("instr(\(expression), ?) > 0", [value])
        case .doesNotContain: SQLFragment("instr(\(expression), ?) = 0", [value])
        case .startsWith: SQLFragment("substr(\(expression), 1, length(?1)) = ?1", [value]).numbered
        case .endsWith: value.isEmpty
            ? SQLFragment("\(expression) IS NOT NULL")
            : SQLFragment("substr(\(expression), -length(?1)) = ?1", [value]).numbered
        default: SQLFragment("\(expression) = ?", [value])
        }
    }

    static func options(_ expression: String, _ op: FilterOperator, _ values: [String]) -> SQLFragment {
        let list = SQLFragment.placeholders(values.count)
        switch op {
        case .noneOf: return values.isEmpty ? .alwaysTrue : SQLFragment("\(expression) NOT IN (\(list))", values)
        default: return values.isEmpty ? SQLFragment("0") : SQLFragment("\(expression) IN (\(list))", values)
        }
    }

    static func comparison(_ expression: String, _ op: FilterOperator, _ value: any DatabaseValueConvertible) -> SQLFragment {
        let sqlOperator = switch op {
        case .greaterThan: ">"
        case .lessThan: "<"
        case .greaterThanOrEqual: ">="
        case .lessThanOrEqual: "<="
        case .notEquals: "<>"
        default: "="
        }
        return SQLFragment("\(expression) \(sqlOperator) ?", [value])
    }
}

extension SQLFragment {
    /// A fragment written with `?1` for its one argument, rewritten to plain `?` placeholders
    /// (one argument per use) so that it composes with other fragments.
    var numbered: SQLFragment {
        let uses = sql.components(separatedBy: "?1").count - 1
        return SQLFragment(sql: sql.replacingOccurrences(of: "?1", with: "?"), arguments: Array(repeating: arguments[0], count: uses))
    }
}
