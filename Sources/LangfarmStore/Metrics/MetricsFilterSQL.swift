import LangfarmCore

/// A metrics filter condition as SQL on a column, with Langfuse's semantics for each filter
/// type; for a column whose empty string means no value, its `emptyEqualsNull` rules (an
/// empty value matches the rows without one, `does not contain` and `none of` never match
/// them). Values are always bound.
package struct MetricsFilterSQL: Sendable {
    package let filters: FilterSQL

    package init(_ dialect: any SQLDialect) {
        filters = FilterSQL(dialect)
    }

    package func sql<Column>(_ condition: FilterCondition<Column>, on column: MetricsSourceColumn) -> BoundSQL {
        let expression = column.filterExpression ?? column.expression
        switch condition.type {
        case .arrayOptions:
            return filters.array(expression, condition.operator, condition.value.strings)
        case .null where column.values == .textList:
            return condition.operator == .isNull ? "\(unescaped: expression) IS NULL" : "\(unescaped: expression) IS NOT NULL"
        default:
            return column.emptyIsAbsent ? absentAware(expression, condition) : filters.scalar(expression, condition)
        }
    }

    /// Conditions on a text column where '' and NULL both mean "no value".
    private func absentAware<Column>(_ expression: String, _ condition: FilterCondition<Column>) -> BoundSQL {
        let absent: BoundSQL = "(\(unescaped: expression) IS NULL OR \(unescaped: expression) = '')"
        let present: BoundSQL = "(\(unescaped: expression) IS NOT NULL AND \(unescaped: expression) <> '')"
        switch (condition.type, condition.operator) {
        case (.null, .isNull):
            return absent
        case (.null, _):
            return present
        case (.string, .equals), (.string, .contains), (.string, .startsWith), (.string, .endsWith):
            let value = condition.value.string ?? ""
            return value.isEmpty ? absent : filters.text(expression, condition.operator, value)
        case (.string, .doesNotContain):
            return .all([present, filters.text(expression, .doesNotContain, condition.value.string ?? "")])
        case (.stringOptions, .noneOf), (.categoryOptions, .noneOf):
            let values = condition.value.strings
            let excluded = filters.options(expression, .noneOf, values)
            return .all([values.contains("") ? "\(unescaped: expression) IS NOT NULL" : present, excluded])
        case (.stringOptions, _), (.categoryOptions, _):
            let values = condition.value.strings
            let matching = filters.options(expression, .anyOf, values)
            guard values.contains("") else { return matching }
            return "(\(matching) OR \(unescaped: expression) IS NULL)"
        default:
            return filters.scalar(expression, condition)
        }
    }
}
