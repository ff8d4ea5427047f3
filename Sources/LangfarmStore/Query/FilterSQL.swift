import LangfarmCore

/// The SQL of a filter condition on a plain column, shared by every table's filter translation
/// in both stores: Langfuse's semantics for each filter type (case-sensitive string operators,
/// as ClickHouse's `position`, `startsWith` and `endsWith`; `any of` as list membership; NULLs
/// matching no comparison).
package struct FilterSQL: Sendable {
    package let dialect: any SQLDialect

    package init(_ dialect: any SQLDialect) {
        self.dialect = dialect
    }

    /// A condition on the SQL expression `expression`. `scale` multiplies number values (a
    /// latency filter in seconds on a column in milliseconds has 1000).
    package func scalar<Column>(_ expression: String, _ condition: FilterCondition<Column>, scale: Double = 1) -> BoundSQL {
        switch condition.type {
        case .null:
            return condition.operator == .isNull ? "\(unescaped: expression) IS NULL" : "\(unescaped: expression) IS NOT NULL"
        case .string, .stringObject:
            return text(expression, condition.operator, condition.value.string ?? "")
        case .stringOptions, .categoryOptions, .arrayOptions:
            return options(expression, condition.operator, condition.value.strings)
        case .number, .numberObject:
            return comparison(expression, condition.operator, dialect.comparable((condition.value.number ?? 0) * scale))
        case .datetime:
            return comparison(expression, condition.operator, dialect.comparable(condition.value.time ?? 0))
        case .boolean, .booleanObject:
            let test = condition.operator == .notEquals ? dialect.nullSafeNotEqual : dialect.nullSafeEqual
            return "\(unescaped: expression) \(unescaped: test) \(condition.value.bool ?? false)"
        case .positionInTrace:
            return .alwaysTrue
        }
    }

    /// Case-sensitive text tests, counting characters.
    package func text(_ expression: String, _ op: FilterOperator, _ value: String) -> BoundSQL {
        switch op {
        case .contains: "\(dialect.position(of: value, in: expression)) > 0"
        case .doesNotContain: "\(dialect.position(of: value, in: expression)) = 0"
        case .startsWith: "\(dialect.prefix(of: expression, lengthOf: value)) = \(value)"
        case .endsWith: value.isEmpty
            ? "\(unescaped: expression) IS NOT NULL"
            : "\(dialect.suffix(of: expression, lengthOf: value)) = \(value)"
        default: "\(unescaped: expression) = \(value)"
        }
    }

    /// `any of` and `none of` a list; an empty list matches nothing (`any of`) or everything
    /// (`none of`), and a NULL value neither.
    package func options(_ expression: String, _ op: FilterOperator, _ values: [String]) -> BoundSQL {
        switch op {
        case .noneOf: values.isEmpty ? .alwaysTrue : "NOT (\(dialect.isIn(expression, values)))"
        default: values.isEmpty ? .alwaysFalse : dialect.isIn(expression, values)
        }
    }

    private func comparison(_ expression: String, _ op: FilterOperator, _ value: BoundSQL) -> BoundSQL {
        let sqlOperator = switch op {
        case .greaterThan: ">"
        case .lessThan: "<"
        case .greaterThanOrEqual: ">="
        case .lessThanOrEqual: "<="
        case .notEquals: "<>"
        default: "="
        }
        return "\(unescaped: expression) \(unescaped: sqlOperator) \(value)"
    }
}
