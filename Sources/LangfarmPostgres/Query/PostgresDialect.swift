import LangfarmCore
import LangfarmStore

/// PostgreSQL's SQL for what `SQLDialect` names. Lists are bound as one `text[]`, tags are
/// `text[]` columns (a GIN index answers `&&` and `@>`), JSON is held as text and read through
/// `PostgresJSONText`, and metrics compute time buckets in SQL and return distributions as
/// arrays of values.
struct PostgresDialect: SQLDialect {
    /// `strpos`, `left` and `right` count characters, as SQLite's `instr` and `substr` do.
    func position(of value: String, in expression: String) -> BoundSQL {
        "strpos(\(unescaped: expression), \(value))"
    }

    func prefix(of expression: String, lengthOf value: String) -> BoundSQL {
        "left(\(unescaped: expression), char_length(\(value)))"
    }

    func suffix(of expression: String, lengthOf value: String) -> BoundSQL {
        "right(\(unescaped: expression), char_length(\(value)))"
    }

    func isIn(_ expression: String, _ values: [String]) -> BoundSQL {
        "\(unescaped: expression) = ANY(\(values)::text[])"
    }

    let nullSafeEqual = "IS NOT DISTINCT FROM"
    let nullSafeNotEqual = "IS DISTINCT FROM"

    /// Typed, so that a number compares as a number with a bigint, double or numeric column.
    func comparable(_ value: Double) -> BoundSQL { "\(value)::double precision" }
    func comparable(_ value: Int64) -> BoundSQL { "\(value)::bigint" }

    func arrayIsEmpty(_ expression: String) -> String { "cardinality(\(expression)) = 0" }
    func arrayIsNotEmpty(_ expression: String) -> String { "cardinality(\(expression)) > 0" }

    func array(_ expression: String, overlaps values: [String]) -> BoundSQL {
        "\(unescaped: expression) && \(values)::text[]"
    }

    func array(_ expression: String, containsAll values: [String]) -> BoundSQL {
        "\(unescaped: expression) @> \(values)::text[]"
    }

    /// `json_each_text`, as `MetadataIndex.text` reads a value: a string as itself, other
    /// values as their JSON, a JSON null as NULL.
    func jsonEntries(of column: String) -> String { "json_each_text(\(PostgresJSONText.readable(column)))" }
    func isPresent(jsonEntry alias: String) -> String { "\(alias).value IS NOT NULL" }
    func text(ofJSONEntry alias: String) -> String { "\(alias).value" }

    func unquotedJSON(_ column: String) -> String {
        "(CASE WHEN left(\(column), 1) = '\"' THEN \(PostgresJSONText.readable(column)) #>> '{}' ELSE \(column) END)"
    }

    func jsonMemberText(_ column: String, key: String) -> String {
        "\(PostgresJSONText.readable(column)) ->> '\(key)'"
    }

    let nullText = "NULL::text"
    func castToText(_ expression: String) -> String { "(\(expression))::text" }
    func castToReal(_ expression: String) -> String { "(\(expression))::float8" }
    /// bigint and numeric columns read back as double precision.
    func readableNumber(_ expression: String) -> String { castToReal(expression) }

    func calendar(_ period: CalendarPeriod, ofMillis millis: String) -> String {
        let pattern = switch period {
        case .month: "YYYY-MM"
        case .day: "YYYY-MM-DD"
        }
        return "to_char(to_timestamp(\(millis) / 1000) AT TIME ZONE 'UTC', '\(pattern)')"
    }

    /// In UTC, as `TimeGranularity.bucketStart` computes it: weeks start on Monday (day 0 was
    /// a Thursday).
    func bucketStart(_ granularity: TimeGranularity, ofMillis column: String) -> BoundSQL {
        func floor(_ unit: Int64) -> String { "(\(column) - (((\(column)) % \(unit)) + \(unit)) % \(unit))" }
        let day = "(\(floor(86_400_000)) / 86400000)"
        let start = switch granularity {
        case .minute: floor(60_000)
        case .hour: floor(3_600_000)
        case .day: floor(86_400_000)
        case .week: "((\(day) - (((\(day) + 3) % 7) + 7) % 7) * 86400000)"
        case .month: "(extract(epoch FROM date_trunc('month', to_timestamp(\(column) / 1000) AT TIME ZONE 'UTC')) * 1000)::bigint"
        }
        return "\(unescaped: start)"
    }

    /// Sums and extremes read back as double precision; a distribution is the group's values as
    /// an array, which `PostgresMetricsRow` makes a `ValueDistribution` of in Swift, as SQLite's
    /// `langfarm_distribution` does.
    func aggregate(_ part: PartialPart, of value: BoundSQL) -> BoundSQL {
        switch part {
        case .count: "COUNT(\(value))"
        case .sum: "(SUM(\(value)))::float8"
        case .minimum: "(MIN(\(value)))::float8"
        case .maximum: "(MAX(\(value)))::float8"
        case .distribution: "array_remove(array_agg((\(value))::float8), NULL)"
        case .distinct: "COUNT(DISTINCT \(value))"
        }
    }
}
