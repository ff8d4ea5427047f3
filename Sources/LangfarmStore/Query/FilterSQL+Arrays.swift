import LangfarmCore

extension FilterSQL {
    /// `any of`, `none of` and `all of` on an array of texts: ClickHouse's `hasAny` and
    /// `hasAll` (no values: `any of` matches nothing, the others everything).
    package func array(_ expression: String, _ op: FilterOperator, _ values: [String]) -> BoundSQL {
        let distinct = Array(Set(values)).sorted()
        guard !distinct.isEmpty else { return op == .noneOf || op == .allOf ? .alwaysTrue : .alwaysFalse }
        switch op {
        case .noneOf: return "NOT (\(dialect.array(expression, overlaps: distinct)))"
        case .allOf: return dialect.array(expression, containsAll: distinct)
        default: return dialect.array(expression, overlaps: distinct)
        }
    }

    /// The tags a row holds as an array in `column`: `array(_:_:_:)`, and a `null` filter for
    /// no tags at all.
    package func tags<Column>(_ condition: FilterCondition<Column>, of column: String) -> BoundSQL {
        guard condition.type == .null else { return array(column, condition.operator, condition.value.strings) }
        return "\(unescaped: condition.operator == .isNull ? dialect.arrayIsEmpty(column) : dialect.arrayIsNotEmpty(column))"
    }
}
