import Foundation
import GRDB
import LangfarmCore

/// A row of a metrics scan or rollup read on SQLite: booleans are 0 or 1, tags a JSON array
/// of strings, and a distribution the bytes of `langfarm_distribution` (`SQLiteMetricsFunctions`).
struct SQLiteMetricsRow: MetricsResultRow {
    let row: Row

    func dimension(at index: Int, as values: MetricsSourceColumn.Values) -> MetricsValue {
        let databaseValue: DatabaseValue = row[index]
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
