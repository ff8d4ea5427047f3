/// Reads the `query` parameter of `GET /api/public/metrics` (v1) and
/// `GET /api/public/v2/metrics` into a typed query, refusing what Langfuse refuses with a 400
/// that names the part of the query at fault: its shape first, then (v2) the high-cardinality
/// rule, then every name against the view's dimensions and measures, the filters against the
/// dimensions' types, and the order against the query's own dimensions and metrics.
public enum MetricsQueryParser {
    public static func parse(_ text: String, version: MetricsAPIVersion, projectId: String) throws(QueryError) -> AnyMetricsQuery {
        let json = try MetricsQueryJSON(text, version: version)
        switch json.view {
        case .observations:
            return .observations(try resolve(json, version: version, projectId: projectId))
        case .traces:
            return .traces(try resolve(json, version: version, projectId: projectId))
        case .scoresNumeric, .scoresCategorical, .scoresBoolean:
            return .scores(json.view.scoreSegment ?? .numeric, try resolve(json, version: version, projectId: projectId))
        }
    }

    static func resolve<Field: MetricsField, Measure: MetricsMeasure>(
        _ json: MetricsQueryJSON, version: MetricsAPIVersion, projectId: String
    ) throws(QueryError) -> MetricsQuery<Field, Measure> {
        let catalogue = Field.catalogue(for: json.view, version: version)
        let measures = Measure.catalogue(for: json.view, version: version)
        if version == .v2 { try HighCardinalityRule.check(json, catalogue: catalogue) }
        let metrics = try resolveMetrics(json, measures: measures)
        let dimensions = try resolveDimensions(json, metrics: metrics, measures: measures, catalogue: catalogue)
        let granularity: TimeGranularity? = switch json.granularity {
        case nil: nil
        case .auto?: TimeGranularity.automatic(for: json.window)
        case .fixed(let granularity)?: granularity
        }
        let filters = try MetricsFilterResolver.resolve(json.filters, catalogue: catalogue, measureNames: measures.map(\.name))
        // An empty `orderBy` is no order, as in Langfuse: the default one, and gap filling.
        let orderBy = try json.orderBy.flatMap { $0.isEmpty ? nil : $0 }.map { order throws(QueryError) in
            try resolveOrder(order, dimensions: dimensions, metrics: metrics, hasTimeDimension: granularity != nil)
        }
        return MetricsQuery(
            projectId: projectId, dimensions: dimensions, metrics: metrics, filters: filters, window: json.window,
            timeDimension: granularity, orderBy: orderBy, rowLimit: json.rowLimit ?? version.defaultRowLimit,
            histogramBins: json.bins ?? MetricsQueryDefaults.histogramBins
        )
    }

    static func resolveMetrics<Measure: MetricsMeasure>(
        _ json: MetricsQueryJSON, measures: [(name: String, measure: Measure)]
    ) throws(QueryError) -> [Metric<Measure>] {
        var metrics: [Metric<Measure>] = []
        for (index, requested) in json.metrics.enumerated() {
            let path = "query.metrics[\(index)]"
            if let reason = Measure.unsupportedNames[requested.measure] {
                throw QueryError("\(path).measure", "measure '\(requested.measure)' is not supported: \(reason)")
            }
            guard let measure = measures.first(where: { $0.name == requested.measure })?.measure else {
                throw QueryError("\(path).measure", "Invalid metric \(requested.measure.prefix(64)). Must be one of \(measures.map(\.name).joined(separator: ", "))")
            }
            let valid = measure.valueType.aggregations
            guard valid.contains(requested.aggregation) else {
                throw QueryError("\(path).aggregation", "Aggregation \"\(requested.aggregation.rawValue)\" is not valid for measure \"\(requested.measure)\". Valid aggregations: \(valid.map(\.rawValue).joined(separator: ", "))")
            }
            metrics.append(Metric(requested.aggregation, of: measure, named: requested.measure))
        }
        return metrics
    }

    /// The requested dimensions, plus any a measure is defined over (at most one of those per
    /// query: a cost per cost type and a usage per usage type cannot be read together).
    static func resolveDimensions<Field: MetricsField, Measure: MetricsMeasure>(
        _ json: MetricsQueryJSON, metrics: [Metric<Measure>], measures: [(name: String, measure: Measure)], catalogue: MetricsCatalogue<Field>
    ) throws(QueryError) -> [MetricsDimension<Field>] {
        var dimensions: [MetricsDimension<Field>] = []
        for (index, name) in json.dimensionNames.enumerated() {
            let path = "query.dimensions[\(index)].field"
            if let reason = Field.unsupportedNames[name] {
                throw QueryError(path, "dimension '\(name)' is not supported: \(reason)")
            }
            guard let field = catalogue.dimension(named: name) else {
                throw QueryError(path, "Invalid dimension \(name.prefix(64)). Must be one of \(catalogue.dimensions.map(\.name).joined(separator: ", "))")
            }
            guard !dimensions.contains(where: { $0.name == name }) else { throw QueryError(path, "dimension '\(name)' is listed twice") }
            dimensions.append(MetricsDimension(field, name: name))
        }
        for name in metrics.compactMap(\.measure.requiredDimensionName) where !dimensions.contains(where: { $0.name == name }) {
            if let field = catalogue.dimension(named: name) { dimensions.append(MetricsDimension(field, name: name)) }
        }
        // The dimensions some measure is defined over expand each row into one per key.
        let expanding = Set(measures.compactMap(\.measure.requiredDimensionName))
        let expanded = dimensions.map(\.name).filter(expanding.contains)
        guard expanded.count <= 1 else {
            throw QueryError("query.dimensions", "Only one pairExpand dimension is supported per query. Found: \(expanded.joined(separator: ", "))")
        }
        return dimensions
    }

    /// Langfuse's `validateAndProcessOrderBy`: `time_dimension` (with a time dimension), a
    /// dimension's name, or `<aggregation>_<measure>` of one of the query's metrics.
    static func resolveOrder<Field: MetricsField, Measure: MetricsMeasure>(
        _ order: [(field: String, direction: SortDirection)], dimensions: [MetricsDimension<Field>], metrics: [Metric<Measure>],
        hasTimeDimension: Bool
    ) throws(QueryError) -> [MetricsOrder] {
        var resolved: [MetricsOrder] = []
        for (index, item) in order.enumerated() {
            if item.field == "time_dimension", hasTimeDimension {
                resolved.append(MetricsOrder(.timeDimension, item.direction))
            } else if let dimension = dimensions.firstIndex(where: { $0.name == item.field }) {
                resolved.append(MetricsOrder(.dimension(dimension), item.direction))
            } else if let metric = metrics.firstIndex(where: { $0.aggregation.isSortable && $0.key == item.field }) {
                resolved.append(MetricsOrder(.metric(metric), item.direction))
            } else {
                throw QueryError("query.orderBy[\(index)].field", "Invalid orderBy field: \(item.field.prefix(64)). Must be one of the dimension or metric fields.")
            }
        }
        return resolved
    }
}
