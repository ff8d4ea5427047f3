import LangfarmCore
import PostgresNIO

/// A metrics field as SQL on one PostgreSQL source: the expression it is grouped by and
/// filtered on, and how its values read back (as `SQLiteMetricsColumn` on SQLite).
struct PostgresMetricsColumn {
    enum Values {
        case text
        case number
        case bool
        /// A `text[]` (tags).
        case textList
    }

    /// The expression, as stored.
    var expression: String
    var values: Values
    /// Whether an empty string means the same as no value, as Langfuse's `nullIf(x, '')`
    /// dimensions treat it: grouped with null, and filtered with `emptyEqualsNull` semantics.
    var emptyIsAbsent: Bool
    /// The expression filters compare with, when it differs (a number compared as text).
    var filterExpression: String?

    static func text(_ expression: String, emptyIsAbsent: Bool = true) -> PostgresMetricsColumn {
        PostgresMetricsColumn(expression: expression, values: .text, emptyIsAbsent: emptyIsAbsent, filterExpression: nil)
    }

    static func number(_ expression: String, filteredAsText: Bool = false) -> PostgresMetricsColumn {
        PostgresMetricsColumn(
            expression: "(\(expression))::float8", values: .number, emptyIsAbsent: false,
            filterExpression: filteredAsText ? "(\(expression))::text" : nil
        )
    }

    static func bool(_ expression: String) -> PostgresMetricsColumn {
        PostgresMetricsColumn(expression: expression, values: .bool, emptyIsAbsent: false, filterExpression: nil)
    }

    static func textList(_ expression: String) -> PostgresMetricsColumn {
        PostgresMetricsColumn(expression: expression, values: .textList, emptyIsAbsent: false, filterExpression: nil)
    }

    /// `YYYY-MM` or `YYYY-MM-DD` (a `to_char` pattern) of a time in milliseconds, in UTC.
    static func calendar(_ pattern: String, ofMillis millis: String) -> PostgresMetricsColumn {
        .text("to_char(to_timestamp(\(millis) / 1000) AT TIME ZONE 'UTC', '\(pattern)')", emptyIsAbsent: false)
    }

    /// What is selected and grouped by.
    var selected: String { emptyIsAbsent ? "NULLIF(\(expression), '')" : expression }

    func value(_ cell: PostgresCell) throws -> MetricsValue {
        switch values {
        case .text: try cell.decode(String?.self).map(MetricsValue.text) ?? .null
        case .number: try cell.decode(Double?.self).map(MetricsValue.number) ?? .null
        case .bool: try cell.decode(Bool?.self).map(MetricsValue.bool) ?? .null
        case .textList: try cell.decode([String]?.self).map(MetricsValue.texts) ?? .null
        }
    }
}
