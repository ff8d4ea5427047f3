import LangfarmCore

/// One table of metrics rows: how a store reads a scan's fields, measures and window from it.
/// `MetricsScanSQL` builds the grouped query from it.
package protocol MetricsSource: Sendable {
    associatedtype Field: MetricsField
    associatedtype Measure: MetricsMeasure

    var dialect: any SQLDialect { get }
    /// The time column, in milliseconds.
    var timeColumn: String { get }
    var projectColumn: String { get }

    /// The tables the scan reads, with the index to range over and the joins it needs.
    func from(_ scan: MetricsScan<Field, Measure>) -> BoundSQL
    /// Conditions every row of the scan meets besides project, window and filters (a score
    /// view's data types, a joined relation's presence).
    func conditions(_ scan: MetricsScan<Field, Measure>) -> [BoundSQL]
    func column(_ field: Field) throws -> MetricsSourceColumn
    func filter(_ condition: FilterCondition<Field>) throws -> BoundSQL
    /// A measure's value on one row, which each part of its partial aggregate aggregates.
    func value(of measure: Measure, in scan: MetricsScan<Field, Measure>) -> BoundSQL
}
