import LangfarmCore

/// SQLite's SQL for what `SQLDialect` names. Lists are bound one placeholder per item, arrays
/// are JSON arrays of strings (`json_each`), and metrics read their time buckets and
/// distributions through `SQLiteMetricsFunctions`.
struct SQLiteDialect: SQLDialect {
    func position(of value: String, in expression: String) -> BoundSQL {
        "instr(\(unescaped: expression), \(value))"
    }

    func prefix(of expression: String, lengthOf value: String) -> BoundSQL {
        "substr(\(unescaped: expression), 1, length(\(value)))"
    }

    func suffix(of expression: String, lengthOf value: String) -> BoundSQL {
        "substr(\(unescaped: expression), -length(\(value)))"
    }

    func isIn(_ expression: String, _ values: [String]) -> BoundSQL {
        "\(unescaped: expression) IN (\(values))"
    }

    let nullSafeEqual = "IS"
    let nullSafeNotEqual = "IS NOT"

    func comparable(_ value: Double) -> BoundSQL { "\(value)" }
    func comparable(_ value: Int64) -> BoundSQL { "\(value)" }

    func arrayIsEmpty(_ expression: String) -> String { "\(expression) = '[]'" }
    func arrayIsNotEmpty(_ expression: String) -> String { "\(expression) <> '[]'" }

    func array(_ expression: String, overlaps values: [String]) -> BoundSQL {
        "EXISTS (SELECT 1 FROM json_each(\(unescaped: expression)) WHERE value IN (\(values)))"
    }

    func array(_ expression: String, containsAll values: [String]) -> BoundSQL {
        "(SELECT COUNT(DISTINCT value) FROM json_each(\(unescaped: expression)) WHERE value IN (\(values))) = \(unescaped: String(values.count))"
    }

    func jsonEntries(of column: String) -> String { "json_each(\(column))" }
    func isPresent(jsonEntry alias: String) -> String { "\(alias).type <> 'null'" }

    /// `json_each` gives a JSON true or false as 1 or 0.
    func text(ofJSONEntry alias: String) -> String {
        "(CASE \(alias).type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(\(alias).value AS TEXT) END)"
    }

    func unquotedJSON(_ column: String) -> String {
        "(CASE WHEN substr(\(column), 1, 1) = '\"' THEN json_extract(\(column), '$') ELSE \(column) END)"
    }

    func jsonMemberText(_ column: String, key: String) -> String {
        "CAST(json_extract(\(column), '$.\(key)') AS TEXT)"
    }

    let nullText = "NULL"
    func castToText(_ expression: String) -> String { "CAST(\(expression) AS TEXT)" }
    func castToReal(_ expression: String) -> String { "CAST(\(expression) AS REAL)" }
    /// SQLite's numbers read back as they are.
    func readableNumber(_ expression: String) -> String { expression }

    func calendar(_ period: CalendarPeriod, ofMillis millis: String) -> String {
        let format = switch period {
        case .month: "%Y-%m"
        case .day: "%Y-%m-%d"
        }
        return "strftime('\(format)', \(millis) / 1000, 'unixepoch')"
    }

    func bucketStart(_ granularity: TimeGranularity, ofMillis column: String) -> BoundSQL {
        "langfarm_time_bucket(\(unescaped: column), \(granularity.rawValue))"
    }

    func aggregate(_ part: PartialPart, of value: BoundSQL) -> BoundSQL {
        switch part {
        case .count: "COUNT(\(value))"
        case .sum: "SUM(\(value))"
        case .minimum: "MIN(\(value))"
        case .maximum: "MAX(\(value))"
        case .distribution: "langfarm_distribution(\(value))"
        case .distinct: "COUNT(DISTINCT \(value))"
        }
    }
}
