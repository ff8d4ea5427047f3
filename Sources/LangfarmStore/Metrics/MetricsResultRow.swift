import LangfarmCore

/// One row of a metrics scan's result (`MetricsScanSQL.query`) as a store reads its cells, by
/// position.
package protocol MetricsResultRow {
    func dimension(at index: Int, as values: MetricsSourceColumn.Values) throws -> MetricsValue
    func integer(at index: Int) throws -> Int64?
    func number(at index: Int) throws -> Double?
    /// A distribution as `SQLDialect.aggregate(.distribution, of:)` selects it.
    func distribution(at index: Int) throws -> ValueDistribution
}
