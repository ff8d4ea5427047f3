import LangfarmCore
import LangfarmStore
import PostgresNIO

/// A row of a metrics scan read on PostgreSQL: tags are a `text[]`, and a distribution the
/// array of the group's values (`PostgresDialect.aggregate`), NULL for a scan without groups
/// over no rows.
struct PostgresMetricsRow: MetricsResultRow {
    let cells: PostgresRandomAccessRow

    func dimension(at index: Int, as values: MetricsSourceColumn.Values) throws -> MetricsValue {
        let cell = cells[index]
        return switch values {
        case .text: try cell.decode(String?.self).map(MetricsValue.text) ?? .null
        case .number: try cell.decode(Double?.self).map(MetricsValue.number) ?? .null
        case .bool: try cell.decode(Bool?.self).map(MetricsValue.bool) ?? .null
        case .textList: try cell.decode([String]?.self).map(MetricsValue.texts) ?? .null
        }
    }

    func integer(at index: Int) throws -> Int64? { try cells[index].decode(Int64?.self) }

    func number(at index: Int) throws -> Double? { try cells[index].decode(Double?.self) }

    func distribution(at index: Int) throws -> ValueDistribution {
        var distribution = ValueDistribution()
        for value in try cells[index].decode([Double]?.self) ?? [] { distribution.add(value) }
        return distribution
    }
}
