import Foundation
import GRDB
import LangfarmCore

/// The grouped query of a metrics scan over a source, and the reading of its rows into
/// partial aggregates:
///
///     SELECT <dimensions> AS d0…, langfarm_time_bucket(<time>, ?) AS bucket, COUNT(*),
///            <measure parts> AS m0_sum…
///     FROM <source> WHERE <project> = ? AND <time> BETWEEN ? AND ? AND <conditions, filters>
///     GROUP BY d0…, bucket
enum SQLiteMetricsScanSQL {
    static func rows<Source: SQLiteMetricsSource>(
        _ scan: MetricsScan<Source.Field, Source.Measure>, from source: Source, in db: Database
    ) throws -> [MetricsPartialRow] {
        let query = try sql(scan, source)
        let columns = try scan.dimensions.map(source.column)
        var result: [MetricsPartialRow] = []
        let cursor = try Row.fetchCursor(db, sql: query.sql, arguments: query.statementArguments)
        while let row = try cursor.next() {
            result.append(MetricsPartialRow(
                dimensions: columns.indices.map { columns[$0].value(row["d\($0)"]) },
                bucket: scan.bucket == nil ? nil : row["bucket"],
                rowCount: row["row_count"] ?? 0,
                aggregates: try scan.measures.indices.map { try partial(row, measure: $0, needs: scan.measures[$0].needs) }
            ))
        }
        return result
    }

    static func sql<Source: SQLiteMetricsSource>(_ scan: MetricsScan<Source.Field, Source.Measure>, _ source: Source) throws -> SQLFragment {
        var selected: [SQLFragment] = try scan.dimensions.enumerated().map { SQLFragment("\(try source.column($1).selected) AS d\($0)") }
        var groups = scan.dimensions.indices.map { "d\($0)" }
        if let bucket = scan.bucket {
            selected.append(SQLFragment("langfarm_time_bucket(\(source.timeColumn), ?) AS bucket", [bucket.rawValue]))
            groups.append("bucket")
        }
        selected.append(SQLFragment("COUNT(*) AS row_count"))
        for (index, request) in scan.measures.enumerated() {
            for part in PartialPart.parts(request.needs) {
                let aggregate = try source.aggregate(part, of: request.measure, in: scan)
                selected.append(SQLFragment(sql: "\(aggregate.sql) AS m\(index)_\(part.rawValue)", arguments: aggregate.arguments))
            }
        }
        let conditions = [
            SQLFragment("\(source.projectColumn) = ?", [scan.projectId]),
            SQLFragment("\(source.timeColumn) BETWEEN ? AND ?", [scan.window.from, scan.window.to]),
        ] + source.conditions(scan) + (try scan.filters.map(source.filter))
        let from = source.from(scan)
        let filter = SQLFragment.all(conditions)
        return SQLFragment(
            sql: """
                SELECT \(selected.map(\.sql).joined(separator: ", ")) FROM \(from.sql) WHERE \(filter.sql)
                \(groups.isEmpty ? "" : "GROUP BY \(groups.joined(separator: ", "))")
                """,
            arguments: selected.flatMap(\.arguments) + from.arguments + filter.arguments
        )
    }

    private static func partial(_ row: Row, measure index: Int, needs: PartialNeeds) throws -> PartialAggregate {
        func column(_ part: PartialPart) -> String { "m\(index)_\(part.rawValue)" }
        var partial = PartialAggregate()
        if needs.contains(.count) { partial.count = row[column(.count)] ?? 0 }
        if needs.contains(.sum) { partial.sum = row[column(.sum)] ?? 0 }
        if needs.contains(.extremes) {
            partial.minimum = row[column(.minimum)]
            partial.maximum = row[column(.maximum)]
        }
        if needs.contains(.distribution) {
            let bytes: Data? = row[column(.distribution)]
            guard let distribution = ValueDistribution(encoded: bytes ?? Data()) else {
                throw StoreError("a metrics scan returned a distribution Langfarm cannot read")
            }
            partial.distribution = distribution
        }
        if needs.contains(.distinct) { partial.distinctCount = row[column(.distinct)] ?? 0 }
        return partial
    }
}
