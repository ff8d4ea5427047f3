import LangfarmCore
import LangfarmStore
import PostgresNIO

/// The grouped query of a metrics scan over a source, and the reading of its rows into
/// partial aggregates (as `SQLiteMetricsScanSQL` on SQLite):
///
///     SELECT <dimensions>…, <time bucket>, COUNT(*), <measure parts>…
///     FROM <source> WHERE <project> = $ AND <time> BETWEEN $ AND $ AND <conditions, filters>
///     GROUP BY <dimensions>…, <time bucket>
enum PostgresMetricsScanSQL {
    static func query<Source: PostgresMetricsSource>(_ scan: MetricsScan<Source.Field, Source.Measure>, _ source: Source) throws -> PostgresQuery {
        var selected: [PostgresFragment] = try scan.dimensions.map { "\(unescaped: try source.column($0).selected)" }
        if let bucket = scan.bucket { selected.append("\(unescaped: bucketStart(bucket, of: source.timeColumn))") }
        let groups = selected.indices.map { String($0 + 1) }
        selected.append("COUNT(*)")
        for request in scan.measures {
            for part in PartialPart.parts(request.needs) {
                selected.append(part.over(source.value(of: request.measure, in: scan)))
            }
        }
        let conditions: [PostgresFragment] = [
            "\(unescaped: source.projectColumn) = \(scan.projectId)",
            "\(unescaped: source.timeColumn) BETWEEN \(scan.window.from) AND \(scan.window.to)",
        ] + source.conditions(scan) + (try scan.filters.map(source.filter))
        let statement: PostgresFragment = """
            SELECT \(PostgresFragment.joined(selected, separator: ", ")) FROM \(source.from(scan)) WHERE \(PostgresFragment.all(conditions))
            \(unescaped: groups.isEmpty ? "" : "GROUP BY \(groups.joined(separator: ", "))")
            """
        return statement.query
    }

    /// Reads the rows of `query(scan, source)`, in its column order.
    static func partialRows<Source: PostgresMetricsSource>(
        _ rows: [PostgresRow], of scan: MetricsScan<Source.Field, Source.Measure>, from source: Source
    ) throws -> [MetricsPartialRow] {
        let columns = try scan.dimensions.map(source.column)
        return try rows.map { row in
            let cells = row.makeRandomAccess()
            var index = 0
            func next() -> PostgresCell { defer { index += 1 }; return cells[index] }
            let dimensions = try columns.map { try $0.value(next()) }
            let bucket = try scan.bucket.map { _ in try next().decode(Int64.self) }
            let rowCount = try next().decode(Int64.self)
            let aggregates = try scan.measures.map { request in
                var partial = PartialAggregate()
                for part in PartialPart.parts(request.needs) {
                    let cell = next()
                    switch part {
                    case .count: partial.count = try cell.decode(Int64.self)
                    case .sum: partial.sum = try cell.decode(Double?.self) ?? 0
                    case .minimum: partial.minimum = try cell.decode(Double?.self)
                    case .maximum: partial.maximum = try cell.decode(Double?.self)
                    case .distribution:
                        var distribution = ValueDistribution()
                        // No rows (a scan without groups over nothing): NULL, an empty distribution.
                        for value in try cell.decode([Double]?.self) ?? [] { distribution.add(value) }
                        partial.distribution = distribution
                    case .distinct: partial.distinctCount = try cell.decode(Int64.self)
                    }
                }
                return partial
            }
            return MetricsPartialRow(dimensions: dimensions, bucket: bucket, rowCount: rowCount, aggregates: aggregates)
        }
    }

    /// The start of the bucket holding the time `column` (milliseconds), in UTC, as
    /// `TimeGranularity.bucketStart` computes it: weeks start on Monday (day 0 was a Thursday).
    static func bucketStart(_ granularity: TimeGranularity, of column: String) -> String {
        func floor(_ unit: Int64) -> String { "(\(column) - (((\(column)) % \(unit)) + \(unit)) % \(unit))" }
        switch granularity {
        case .minute: return floor(60_000)
        case .hour: return floor(3_600_000)
        case .day: return floor(86_400_000)
        case .week:
            let day = "(\(floor(86_400_000)) / 86400000)"
            return "((\(day) - (((\(day) + 3) % 7) + 7) % 7) * 86400000)"
        case .month:
            return "(extract(epoch FROM date_trunc('month', to_timestamp(\(column) / 1000) AT TIME ZONE 'UTC')) * 1000)::bigint"
        }
    }
}
