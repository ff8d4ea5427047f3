import LangfarmCore

/// A metrics filter condition as SQL on a column, with the SQLite store's semantics
/// (`SQLiteMetricsFilter`): Langfuse's for each filter type, and for a column whose empty
/// string means no value, its `emptyEqualsNull` rules (an empty value matches the rows without
/// one, `does not contain` and `none of` never match them).
enum PostgresMetricsFilter {
    static func sql<Column>(_ condition: FilterCondition<Column>, on column: PostgresMetricsColumn) -> PostgresFragment {
        let expression = column.filterExpression ?? column.expression
        switch condition.type {
        case .arrayOptions:
            return array(expression, condition.operator, condition.value.strings)
        case .null where column.values == .textList:
            return condition.operator == .isNull ? "\(unescaped: expression) IS NULL" : "\(unescaped: expression) IS NOT NULL"
        default:
            return column.emptyIsAbsent ? absentAware(expression, condition) : PostgresFilterSQL.scalar(expression, condition)
        }
    }

    /// Conditions on a text column where '' and NULL both mean "no value".
    private static func absentAware<Column>(_ expression: String, _ condition: FilterCondition<Column>) -> PostgresFragment {
        let absent: PostgresFragment = "(\(unescaped: expression) IS NULL OR \(unescaped: expression) = '')"
        let present: PostgresFragment = "(\(unescaped: expression) IS NOT NULL AND \(unescaped: expression) <> '')"
        switch (condition.type, condition.operator) {
        case (.null, .isNull):
            return absent
        case (.null, _):
            return present
        case (.string, .equals), (.string, .contains), (.string, .startsWith), (.string, .endsWith):
            let value = condition.value.string ?? ""
            return value.isEmpty ? absent : PostgresFilterSQL.text(expression, condition.operator, value)
        case (.string, .doesNotContain):
            return .all([present, PostgresFilterSQL.text(expression, .doesNotContain, condition.value.string ?? "")])
        case (.stringOptions, .noneOf), (.categoryOptions, .noneOf):
            let values = condition.value.strings
            let excluded = PostgresFilterSQL.options(expression, .noneOf, values)
            return .all([values.contains("") ? "\(unescaped: expression) IS NOT NULL" : present, excluded])
        case (.stringOptions, _), (.categoryOptions, _):
            let values = condition.value.strings
            let matching = PostgresFilterSQL.options(expression, .anyOf, values)
            guard values.contains("") else { return matching }
            return "(\(matching) OR \(unescaped: expression) IS NULL)"
        default:
            return PostgresFilterSQL.scalar(expression, condition)
        }
    }

    /// `any of`, `none of` and `all of` on a `text[]`: ClickHouse's `hasAny` and `hasAll` (no
    /// values: `any of` matches nothing, the others everything).
    private static func array(_ expression: String, _ op: FilterOperator, _ values: [String]) -> PostgresFragment {
        let distinct = Array(Set(values)).sorted()
        switch op {
        case .noneOf: return distinct.isEmpty ? .alwaysTrue : "NOT (\(unescaped: expression) && \(distinct)::text[])"
        case .allOf: return distinct.isEmpty ? .alwaysTrue : "\(unescaped: expression) @> \(distinct)::text[]"
        default: return distinct.isEmpty ? .alwaysFalse : "\(unescaped: expression) && \(distinct)::text[]"
        }
    }
}
