import LangfarmCore
import LangfarmStore

/// One table of metrics rows in the PostgreSQL store: how it reads a scan's fields, measures
/// and window. `PostgresMetricsScanSQL` builds the grouped query from it.
protocol PostgresMetricsSource {
    associatedtype Field: MetricsField
    associatedtype Measure: MetricsMeasure

    /// The time column, in milliseconds.
    var timeColumn: String { get }
    var projectColumn: String { get }

    /// The tables the scan reads, with the joins it needs.
    func from(_ scan: MetricsScan<Field, Measure>) -> PostgresFragment
    /// Conditions every row of the scan meets besides project, window and filters (a score
    /// view's data types, a joined relation's presence).
    func conditions(_ scan: MetricsScan<Field, Measure>) -> [PostgresFragment]
    func column(_ field: Field) throws -> PostgresMetricsColumn
    func filter(_ condition: FilterCondition<Field>) throws -> PostgresFragment
    /// A measure's value on one row, which each part of its partial aggregate aggregates.
    func value(of measure: Measure, in scan: MetricsScan<Field, Measure>) -> PostgresFragment
}

extension PostgresMetricsSource {
    /// Filters compare the column's expression.
    func filter(_ condition: FilterCondition<Field>) throws -> PostgresFragment {
        PostgresMetricsFilter.sql(condition, on: try column(condition.column))
    }
}

extension PartialPart {
    /// The part over a per-row value. Sums and extremes read back as double precision; a
    /// distribution is the group's values as an array, which `ValueDistribution` takes in
    /// Swift, as SQLite's `langfarm_distribution` does.
    func over(_ value: PostgresFragment) -> PostgresFragment {
        switch self {
        case .count: "COUNT(\(value))"
        case .sum: "(SUM(\(value)))::float8"
        case .minimum: "(MIN(\(value)))::float8"
        case .maximum: "(MAX(\(value)))::float8"
        case .distribution: "array_remove(array_agg((\(value))::float8), NULL)"
        case .distinct: "COUNT(DISTINCT \(value))"
        }
    }
}
