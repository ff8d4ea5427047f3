import GRDB
import LangfarmCore

/// A metrics field as SQL on one source: the expression it is grouped by and filtered on, and
/// how its values read back.
struct SQLiteMetricsColumn {
    enum Values {
        case text
        case number
        /// 0 or 1.
        case bool
        /// A JSON array of strings (tags).
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

    static func text(_ expression: String, emptyIsAbsent: Bool = true) -> SQLiteMetricsColumn {
        SQLiteMetricsColumn(expression: expression, values: .text, emptyIsAbsent: emptyIsAbsent, filterExpression: nil)
    }

    static func number(_ expression: String, filteredAsText: Bool = false) -> SQLiteMetricsColumn {
        SQLiteMetricsColumn(
            expression: expression, values: .number, emptyIsAbsent: false,
            filterExpression: filteredAsText ? "CAST(\(expression) AS TEXT)" : nil
        )
    }

    static func bool(_ expression: String) -> SQLiteMetricsColumn {
        SQLiteMetricsColumn(expression: expression, values: .bool, emptyIsAbsent: false, filterExpression: nil)
    }

    static func textList(_ expression: String) -> SQLiteMetricsColumn {
        SQLiteMetricsColumn(expression: expression, values: .textList, emptyIsAbsent: false, filterExpression: nil)
    }

    /// `YYYY-MM` or `YYYY-MM-DD` of a time in milliseconds.
    static func calendar(_ format: String, ofMillis millis: String) -> SQLiteMetricsColumn {
        .text("strftime('\(format)', \(millis) / 1000, 'unixepoch')", emptyIsAbsent: false)
    }

    /// What is selected and grouped by.
    var selected: String { emptyIsAbsent ? "NULLIF(\(expression), '')" : expression }

    func value(_ databaseValue: DatabaseValue) -> MetricsValue {
        if databaseValue.isNull { return .null }
        switch values {
        case .text: return String.fromDatabaseValue(databaseValue).map(MetricsValue.text) ?? .null
        case .number: return Double.fromDatabaseValue(databaseValue).map(MetricsValue.number) ?? .null
        case .bool: return Int64.fromDatabaseValue(databaseValue).map { .bool($0 != 0) } ?? .null
        case .textList:
            let items = String.fromDatabaseValue(databaseValue).flatMap(JSONValue.parseStored)?.arrayValue ?? []
            return .texts(items.compactMap(\.stringValue))
        }
    }
}
