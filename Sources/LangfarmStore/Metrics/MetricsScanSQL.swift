import LangfarmCore

/// The grouped query of a metrics scan over a source, and the reading of its rows into
/// partial aggregates:
///
///     SELECT <dimensions>…, <time bucket>, COUNT(*), <measure parts>…
///     FROM <source> WHERE <project> = ? AND <time> BETWEEN ? AND ? AND <conditions, filters>
///     GROUP BY <dimensions>…, <time bucket>
package enum MetricsScanSQL {
    package static func query<Source: MetricsSource>(_ scan: MetricsScan<Source.Field, Source.Measure>, _ source: Source) throws -> BoundSQL {
        var selected: [BoundSQL] = try scan.dimensions.map { "\(unescaped: try source.column($0).selected)" }
        if let bucket = scan.bucket { selected.append(source.dialect.bucketStart(bucket, ofMillis: source.timeColumn)) }
        let groups = selected.indices.map { String($0 + 1) }
        selected.append("COUNT(*)")
        for request in scan.measures {
            for part in PartialPart.parts(request.needs) {
                selected.append(source.dialect.aggregate(part, of: source.value(of: request.measure, in: scan)))
            }
        }
        let conditions: [BoundSQL] = [
            "\(unescaped: source.projectColumn) = \(scan.projectId)",
            "\(unescaped: source.timeColumn) BETWEEN \(scan.window.from) AND \(scan.window.to)",
        ] + source.conditions(scan) + (try scan.filters.map(source.filter))
        return """
            SELECT \(BoundSQL.joined(selected, separator: ", ")) FROM \(source.from(scan)) WHERE \(BoundSQL.all(conditions))
            \(unescaped: groups.isEmpty ? "" : "GROUP BY \(groups.joined(separator: ", "))")
            """
    }

    /// Reads a row of `query(scan, source)`, in its column order; `columns` are the source's
    /// columns of the scan's dimensions.
    package static func partialRow<Field, Measure>(
        _ row: some MetricsResultRow, of scan: MetricsScan<Field, Measure>, columns: [MetricsSourceColumn]
    ) throws -> MetricsPartialRow {
        var index = 0
        func next() -> Int { defer { index += 1 }; return index }
        let dimensions = try columns.map { try row.dimension(at: next(), as: $0.values) }
        let bucket = scan.bucket == nil ? nil : try row.integer(at: next())
        let rowCount = try row.integer(at: next()) ?? 0
        let aggregates = try scan.measures.map { request in
            var partial = PartialAggregate()
            for part in PartialPart.parts(request.needs) {
                let cell = next()
                switch part {
                case .count: partial.count = try row.integer(at: cell) ?? 0
                case .sum: partial.sum = try row.number(at: cell) ?? 0
                case .minimum: partial.minimum = try row.number(at: cell)
                case .maximum: partial.maximum = try row.number(at: cell)
                case .distribution: partial.distribution = try row.distribution(at: cell)
                case .distinct: partial.distinctCount = try row.integer(at: cell) ?? 0
                }
            }
            return partial
        }
        return MetricsPartialRow(dimensions: dimensions, bucket: bucket, rowCount: rowCount, aggregates: aggregates)
    }
}
