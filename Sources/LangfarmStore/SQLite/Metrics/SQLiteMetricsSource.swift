import GRDB
import LangfarmCore

/// One table of metrics rows in the SQLite store: how
/// it reads a scan's fields, measures and window. `SQLiteMetricsScanSQL` builds the grouped
/// query from it.
protocol SQLiteMetricsSource {
    associatedtype Field: MetricsField
    associatedtype Measure: MetricsMeasure

    /// The time column, in milliseconds.
    var timeColumn: String { get }
    var projectColumn: String { get }

    /// The tables the scan reads, with the index to range over and the joins it needs.
    func from(_ scan: MetricsScan<Field, Measure>) -> SQLFragment
    /// Conditions every row of the scan meets besides project, window and filters (a score
    /// view's data types, a joined relation's presence).
    func conditions(_ scan: MetricsScan<Field, Measure>) -> [SQLFragment]
    func column(_ field: Field) throws -> SQLiteMetricsColumn
    func filter(_ condition: FilterCondition<Field>) throws -> SQLFragment
    /// The SQL aggregate of one part of a measure's partial aggregate.
    func aggregate(_ part: PartialPart, of measure: Measure, in scan: MetricsScan<Field, Measure>) throws -> SQLFragment
}

extension SQLiteMetricsSource {
    /// Filters compare the column's expression.
    func filter(_ condition: FilterCondition<Field>) throws -> SQLFragment {
        SQLiteMetricsFilter.sql(condition, on: try column(condition.column))
    }
}

extension PartialPart {
    /// The part over a per-row value expression (a source that reads rows).
    func over(_ value: SQLFragment) -> SQLFragment {
        let function = switch self {
        case .count: "COUNT"
        case .sum: "SUM"
        case .minimum: "MIN"
        case .maximum: "MAX"
        case .distribution: "langfarm_distribution"
        case .distinct: "COUNT(DISTINCT"
        }
        return SQLFragment(sql: "\(function)(\(value.sql))\(self == .distinct ? ")" : "")", arguments: value.arguments)
    }
}
