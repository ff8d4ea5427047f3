/// Langfuse's v2 guard against unbounded results (`validateQuery`): a dimension with about one
/// value per row (ids, users, sessions) is allowed only in a top-N query, with no time
/// dimension, an explicit `config.row_limit`, and an `orderBy` descending on a measure of the
/// query. It runs on the query as sent, before the default row limit applies; v1 has no such
/// rule.
enum HighCardinalityRule {
    static func check<Field: MetricsField>(_ query: MetricsQueryJSON, catalogue: MetricsCatalogue<Field>) throws(QueryError) {
        let dimensions = query.dimensionNames.filter { catalogue.dimension(named: $0)?.isHighCardinality == true }
        guard !dimensions.isEmpty else { return }
        let listed = dimensions.joined(separator: ", ")
        if query.granularity != nil {
            throw QueryError("query.dimensions", "High cardinality dimension(s) '\(listed)' cannot be used with timeDimension. Time series queries with high cardinality dimensions produce unbounded result sets.")
        }
        let descending = (query.orderBy ?? []).filter { $0.direction == .descending }
        guard query.rowLimit != nil, !descending.isEmpty else {
            throw QueryError("query.dimensions", "High cardinality dimension(s) '\(listed)' require both 'config.row_limit' and 'orderBy' with direction 'desc' on a measure field.")
        }
        let measures = query.metrics.map(\.measure)
        let notMeasures = descending.map(\.field).filter { field in
            !measures.contains { field == $0 || field.hasSuffix("_\($0)") }
        }
        guard notMeasures.isEmpty else {
            throw QueryError("query.orderBy", "High cardinality dimension(s) '\(listed)' require 'orderBy' with direction 'desc' on a measure field. '\(notMeasures.joined(separator: ", "))' \(notMeasures.count == 1 ? "is" : "are") not a measure in this query.")
        }
    }
}
