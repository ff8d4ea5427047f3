import Foundation
import GRDB
import LangfarmCore

/// An hourly rollup table as the metrics engine reads it (`r`): key columns `project_id` and
/// `hour` (hours since the epoch), the count of rows rolled up in `count`, and the columns its
/// fields and measure parts map to. Sources serve only the fields and parts `MetricsPlanner`
/// sends them (`ObservationRollupCapability`, `TraceRollupCapability`).
protocol SQLiteRollupSource {
    associatedtype Field: MetricsField
    associatedtype Measure: MetricsMeasure

    var table: String { get }
    func column(_ field: Field) throws -> MetricsSourceColumn
    /// The rollup column that holds one part of a measure's aggregate.
    func column(_ part: PartialPart, of measure: Measure) throws -> String
}

/// Reads a rollup table's rows for a scan and groups them into partial aggregates.
///
/// The rows are read in primary-key order and grouped here rather than by SQL: SQLite groups
/// by sorting every row, which for a month of rollups (about 130,000 observation rollup rows
/// for a million traces) costs several times the scan, while the groups themselves are few.
struct SQLiteRollupReader<Source: SQLiteRollupSource> {
    typealias Scan = MetricsScan<Source.Field, Source.Measure>

    let source: Source

    func rows(_ scan: Scan, in db: Database) throws -> [MetricsPartialRow] {
        let columns = try scan.dimensions.map(source.column)
        let parts = try scan.measures.map { request in
            try PartialPart.parts(request.needs).map { part in (part, try source.column(part, of: request.measure)) }
        }
        let query = try sql(scan, columns: columns, parts: parts)
        var groups: [MetricsGroupKey: Int] = [:]
        var accumulators: [Accumulator] = []
        // Rows come in primary-key order, so a row often belongs to the previous row's group:
        // it is compared with that first, before a key is built and hashed.
        var dimensions = [MetricsValue](repeating: .null, count: columns.count)
        var previous: (key: MetricsGroupKey, index: Int)?
        let cursor = try Row.fetchCursor(db, sql: query.sql, arguments: query.statementArguments)
        while let row = try cursor.next() {
            let cells = SQLiteMetricsRow(row: row)
            for position in columns.indices { dimensions[position] = cells.dimension(at: position, as: columns[position].values) }
            let bucket = try scan.bucket?.bucketStart(of: row.decode(Int64.self, atIndex: columns.count) * ObservationRollupKey.hourMillis)
            let index: Int
            if let previous, previous.key.bucket == bucket, previous.key.dimensions == dimensions {
                index = previous.index
            } else {
                let key = MetricsGroupKey(dimensions: dimensions, bucket: bucket)
                if let existing = groups[key] {
                    index = existing
                } else {
                    index = accumulators.count
                    groups[key] = index
                    accumulators.append(Accumulator(key: key, measures: scan.measures.count))
                }
                previous = (key, index)
            }
            try accumulators[index].add(row, from: columns.count + 2, parts: parts)
        }
        return accumulators.map(\.partialRow)
    }

    /// The rollup rows of the scan, unaggregated: dimensions, hour, rolled-up row count, then
    /// each measure part's column.
    private func sql(_ scan: Scan, columns: [MetricsSourceColumn], parts: [[(PartialPart, String)]]) throws -> SQLFragment {
        let selected = columns.enumerated().map { "\($1.selected) AS d\($0)" } + ["r.hour", "r.count"]
            + parts.flatMap { $0.map { "r.\($1)" } }
        let filter = SQLFragment.all([
            SQLFragment("r.project_id = ?", [scan.projectId]),
            // The window spans whole hours: a range of the primary key's hours.
            SQLFragment("r.hour BETWEEN ? AND ?", [ObservationRollupKey.hour(of: scan.window.from), ObservationRollupKey.hour(of: scan.window.to)]),
        ] + (try scan.filters.map { SQLFragment(MetricsFilterSQL(SQLiteDialect()).sql($0, on: try source.column($0.column))) }))
        return SQLFragment(sql: "SELECT \(selected.joined(separator: ", ")) FROM \(source.table) r WHERE \(filter.sql)", arguments: filter.arguments)
    }

    /// One group's running totals. Sketches are merged in place (a `ValueDistribution` is
    /// made of each only at the end).
    struct Accumulator {
        let key: MetricsGroupKey
        var rowCount: Int64 = 0
        var aggregates: [PartialAggregate]
        var sketches: [LogSketch?]

        init(key: MetricsGroupKey, measures: Int) {
            self.key = key
            aggregates = Array(repeating: PartialAggregate(), count: measures)
            sketches = Array(repeating: nil, count: measures)
        }

        /// Adds a rollup row whose observation count is at `first - 1` and whose measure parts
        /// start at `first`.
        mutating func add(_ row: Row, from first: Int, parts: [[(PartialPart, String)]]) throws {
            rowCount += try row.decode(Int64.self, atIndex: first - 1)
            var position = first
            for (measure, measureParts) in parts.enumerated() {
                for (part, _) in measureParts {
                    switch part {
                    case .count: aggregates[measure].count += try row.decode(Int64.self, atIndex: position)
                    case .sum: aggregates[measure].sum += try row.decode(Double.self, atIndex: position)
                    case .distribution:
                        var sketch = sketches[measure] ?? LogSketch()
                        sketches[measure] = nil
                        let merged = try row.withUnsafeData(atIndex: position) { bytes in bytes.map { sketch.merge(encoded: $0) } ?? false }
                        guard merged else { throw StoreError("a rollup row holds a sketch Langfarm cannot read") }
                        sketches[measure] = sketch
                    case .minimum, .maximum, .distinct: break
                    }
                    position += 1
                }
            }
        }

        var partialRow: MetricsPartialRow {
            var aggregates = aggregates
            for (measure, sketch) in sketches.enumerated() { aggregates[measure].distribution = sketch.map(ValueDistribution.init) }
            return MetricsPartialRow(dimensions: key.dimensions, bucket: key.bucket, rowCount: rowCount, aggregates: aggregates)
        }
    }
}
