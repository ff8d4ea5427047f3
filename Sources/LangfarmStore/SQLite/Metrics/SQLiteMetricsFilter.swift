import GRDB
import LangfarmCore

/// A metrics filter condition as SQL on a column, with Langfuse's semantics for each filter
/// type; for a column whose empty string means no value, its `emptyEqualsNull` rules (an
/// empty value matches the rows without one, `does not contain` and `none of` never match
/// them). Values are always bound.
enum SQLiteMetricsFilter {
    static func sql<Column>(_ condition: FilterCondition<Column>, on column: SQLiteMetricsColumn) -> SQLFragment {
        let expression = column.filterExpression ?? column.expression
        switch condition.type {
        case .arrayOptions:
            return array(expression, condition.operator, condition.value.strings)
        case .null where column.values == .textList:
            return SQLFragment(condition.operator == .isNull ? "\(expression) IS NULL" : "\(expression) IS NOT NULL")
        default:
            return column.emptyIsAbsent ? absentAware(expression, condition) : SQLiteFilterSQL.scalar(expression, condition)
        }
    }

    /// Conditions on a text column where '' and NULL both mean "no value".
    private static func absentAware<Column>(_ expression: String, _ condition: FilterCondition<Column>) -> SQLFragment {
        let absent = SQLFragment("(\(expression) IS NULL OR \(expression) = '')")
        let present = SQLFragment("(\(expression) IS NOT NULL AND \(expression) <> '')")
        switch (condition.type, condition.operator) {
        case (.null, .isNull):
            return absent
        case (.null, _):
            return present
        case (.string, .equals), (.string, .contains), (.string, .startsWith), (.string, .endsWith):
            let value = condition.value.string ?? ""
            return value.isEmpty ? absent : SQLiteFilterSQL.text(expression, condition.operator, value)
        case (.string, .doesNotContain):
            return .all([present, SQLiteFilterSQL.text(expression, .doesNotContain, condition.value.string ?? "")])
        case (.stringOptions, .noneOf), (.categoryOptions, .noneOf):
            let values = condition.value.strings
            let excluded = SQLiteFilterSQL.options(expression, .noneOf, values)
            return .all([values.contains("") ? SQLFragment("\(expression) IS NOT NULL") : present, excluded])
        case (.stringOptions, _), (.categoryOptions, _):
            let values = condition.value.strings
            let matching = SQLiteFilterSQL.options(expression, .anyOf, values)
            guard values.contains("") else { return matching }
            return SQLFragment(sql: "(\(matching.sql) OR \(expression) IS NULL)", arguments: matching.arguments)
        default:
            return SQLiteFilterSQL.scalar(expression, condition)
        }
    }

    /// `any of`, `none of` and `all of` on a JSON array of strings: ClickHouse's `hasAny` and
    /// `hasAll` (no values: `any of` matches nothing, the others everything).
    private static func array(_ expression: String, _ op: FilterOperator, _ values: [String]) -> SQLFragment {
        let distinct = Array(Set(values)).sorted()
        let list = SQLFragment.placeholders(distinct.count)
        let anyMatch = "EXISTS (SELECT 1 FROM json_each(\(expression)) WHERE value IN (\(list)))"
        switch op {
        case .noneOf:
            return distinct.isEmpty ? .alwaysTrue : SQLFragment("NOT \(anyMatch)", distinct)
        case .allOf:
            return distinct.isEmpty
                ? .alwaysTrue
                : SQLFragment("(SELECT COUNT(DISTINCT value) FROM json_each(\(expression)) WHERE value IN (\(list))) = \(distinct.count)", distinct)
        default:
            return distinct.isEmpty ? SQLFragment("0") : SQLFragment(anyMatch, distinct)
        }
    }
}
