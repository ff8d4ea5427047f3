import LangfarmCore

/// Where the SQL of SQLite and PostgreSQL differ, for the filter and metrics SQL both stores
/// share (`FilterSQL`, `MetricsScanSQL`): text functions, list and array tests, JSON access,
/// casts and time arithmetic. Each is written so that both stores give the same answer;
/// `SQLiteDialect` and `PostgresDialect` are the two.
///
/// Expressions passed in are SQL the store wrote; values are bound.
package protocol SQLDialect: Sendable {
    // MARK: Text

    /// Where `value` first starts in `expression`, in characters from 1; 0 when it is absent.
    func position(of value: String, in expression: String) -> BoundSQL
    /// The first as many characters of `expression` as `value` has.
    func prefix(of expression: String, lengthOf value: String) -> BoundSQL
    /// The last as many characters of `expression` as `value` has.
    func suffix(of expression: String, lengthOf value: String) -> BoundSQL
    /// Whether `expression` is one of `values` (none: false, a NULL expression: NULL).
    func isIn(_ expression: String, _ values: [String]) -> BoundSQL

    // MARK: Comparison

    /// The operator of equality that takes NULL as a value: a NULL is equal to NULL only.
    var nullSafeEqual: String { get }
    /// Its negation.
    var nullSafeNotEqual: String { get }
    /// A number compared with an expression, bound with a type where the store needs one.
    func comparable(_ value: Double) -> BoundSQL
    /// A time in milliseconds compared with an expression.
    func comparable(_ value: Int64) -> BoundSQL

    // MARK: Arrays of texts (tags)

    func arrayIsEmpty(_ expression: String) -> String
    func arrayIsNotEmpty(_ expression: String) -> String
    /// Whether the array holds any of `values` (not empty).
    func array(_ expression: String, overlaps values: [String]) -> BoundSQL
    /// Whether the array holds all of `values` (distinct, not empty).
    func array(_ expression: String, containsAll values: [String]) -> BoundSQL

    // MARK: JSON held as text

    /// The top-level entries of the JSON object in `column`, as a table of `key` and `value`.
    func jsonEntries(of column: String) -> String
    /// Whether an entry of `jsonEntries` (aliased `alias`) holds a value other than JSON null.
    func isPresent(jsonEntry alias: String) -> String
    /// An entry's value as text: a string as itself, other values as their JSON.
    func text(ofJSONEntry alias: String) -> String
    /// The JSON text in `column` as Langfuse compares input and output: a JSON string as the
    /// string, anything else as its JSON.
    func unquotedJSON(_ column: String) -> String
    /// The text of the top-level member `key` (the store's own) of the JSON object in `column`.
    func jsonMemberText(_ column: String, key: String) -> String

    // MARK: Types

    /// A NULL of type text.
    var nullText: String { get }
    func castToText(_ expression: String) -> String
    func castToReal(_ expression: String) -> String
    /// A numeric column as it reads back as a `Double`.
    func readableNumber(_ expression: String) -> String

    // MARK: Metrics

    /// The calendar month or day of a time in milliseconds, in UTC, as `YYYY-MM` or `YYYY-MM-DD`.
    func calendar(_ period: CalendarPeriod, ofMillis millis: String) -> String
    /// The start of the bucket holding the time `column` (milliseconds), as
    /// `TimeGranularity.bucketStart` computes it.
    func bucketStart(_ granularity: TimeGranularity, ofMillis column: String) -> BoundSQL
    /// One part of a partial aggregate over a per-row value, read back as
    /// `MetricsResultRow` reads it.
    func aggregate(_ part: PartialPart, of value: BoundSQL) -> BoundSQL
}

/// The periods metrics group times by as text (`timestampMonth`, `timestampDay`).
package enum CalendarPeriod: Sendable {
    case month
    case day
}
