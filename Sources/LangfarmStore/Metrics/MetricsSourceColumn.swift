import LangfarmCore

/// A metrics field as SQL on one source: the expression it is grouped by and filtered on, and
/// how its values read back (`MetricsResultRow.dimension(at:as:)`).
package struct MetricsSourceColumn: Sendable {
    package enum Values: Sendable {
        case text
        case number
        /// A boolean (SQLite's 0 or 1).
        case bool
        /// An array of strings (tags).
        case textList
    }

    /// The expression, as stored.
    package var expression: String
    package var values: Values
    /// Whether an empty string means the same as no value, as Langfuse's `nullIf(x, '')`
    /// dimensions treat it: grouped with null, and filtered with `emptyEqualsNull` semantics.
    package var emptyIsAbsent: Bool
    /// The expression filters compare with, when it differs (a number compared as text).
    package var filterExpression: String?

    package static func text(_ expression: String, emptyIsAbsent: Bool = true) -> MetricsSourceColumn {
        MetricsSourceColumn(expression: expression, values: .text, emptyIsAbsent: emptyIsAbsent, filterExpression: nil)
    }

    package static func number(_ expression: String, filteredAsText: Bool = false, in dialect: any SQLDialect) -> MetricsSourceColumn {
        MetricsSourceColumn(
            expression: dialect.readableNumber(expression), values: .number, emptyIsAbsent: false,
            filterExpression: filteredAsText ? dialect.castToText(expression) : nil
        )
    }

    package static func bool(_ expression: String) -> MetricsSourceColumn {
        MetricsSourceColumn(expression: expression, values: .bool, emptyIsAbsent: false, filterExpression: nil)
    }

    package static func textList(_ expression: String) -> MetricsSourceColumn {
        MetricsSourceColumn(expression: expression, values: .textList, emptyIsAbsent: false, filterExpression: nil)
    }

    /// `YYYY-MM` or `YYYY-MM-DD` of a time in milliseconds.
    package static func calendar(_ period: CalendarPeriod, ofMillis millis: String, in dialect: any SQLDialect) -> MetricsSourceColumn {
        .text(dialect.calendar(period, ofMillis: millis), emptyIsAbsent: false)
    }

    /// What is selected and grouped by.
    package var selected: String { emptyIsAbsent ? "NULLIF(\(expression), '')" : expression }
}
