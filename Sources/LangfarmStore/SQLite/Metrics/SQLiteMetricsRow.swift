import Foundation
import GRDB
import LangfarmCore

/// A row of a metrics scan or rollup read on SQLite: booleans are 0 or 1, tags a JSON array
/// of strings, and a distribution the bytes of `langfarm_distribution` (`SQLiteMetricsFunctions`).
struct SQLiteMetricsRow: MetricsResultRow {
    let row: Row

    /// Matches on the stored value's kind directly: the same logic written with GRDB's
    /// `fromDatabaseValue` conversions crashes the Swift 6.3 optimizer in release builds
    /// ("Found ownership error").
    func dimension(at index: Int, as values: MetricsSourceColumn.Values) -> MetricsValue {
        let storage = (row[index] as DatabaseValue).storage
        switch (values, storage) {
        case (_, .null): return .null
        case (.text, .string(let text)): return .text(text)
        case (.number, .int64(let integer)): return .number(Double(integer))
        case (.number, .double(let number)): return .number(number)
        case (.bool, .int64(let integer)): return .bool(integer != 0)
        case (.bool, .double(let number)) where number == number.rounded(): return .bool(number != 0)
        case (.textList, .string(let text)):
            return .texts((JSONValue.parseStored(text)?.arrayValue ?? []).compactMap(\.stringValue))
        case (.textList, _): return .texts([])
        default: return .null
        }
    }

    func integer(at index: Int) -> Int64? { row[index] }

    func number(at index: Int) -> Double? { row[index] }

    func distribution(at index: Int) throws -> ValueDistribution {
        let bytes: Data? = row[index]
        guard let distribution = ValueDistribution(encoded: bytes ?? Data()) else {
            throw StoreError("a metrics scan returned a distribution Langfarm cannot read")
        }
        return distribution
    }
}
