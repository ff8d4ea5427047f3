import Foundation
import GRDB
import LangfarmCore

/// The `observations` view over the hourly rollups (`r`): the sums and sketches of the
/// observations that share an hour and a rollup key. Serves only the fields and measure parts
/// `MetricsPlanner` sends it (`ObservationRollupCapability`).
///
/// The rows are read in primary-key order and grouped here rather than by SQL: SQLite groups
/// by sorting every row, which for a month of rollups (about 130,000 rows for a million
/// traces) costs several times the scan, while the groups themselves are few.
struct SQLiteObservationRollupMetrics {
    typealias Scan = MetricsScan<ObservationField, ObservationMeasure>

    static let hourMillis = ObservationRollupKey.hourMillis

    func rows(_ scan: Scan, in db: Database) throws -> [MetricsPartialRow] {
        let columns = try scan.dimensions.map(column)
        let parts = try scan.measures.map { request in
            try PartialPart.parts(request.needs).map { part in (part, try self.column(part, of: request.measure)) }
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
            for position in columns.indices { dimensions[position] = columns[position].value(row[position]) }
            let bucket = try scan.bucket?.bucketStart(of: row.decode(Int64.self, atIndex: columns.count) * Self.hourMillis)
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

    /// The rollup rows of the scan, unaggregated: dimensions, hour, observation count, then
    /// each measure part's column.
    private func sql(_ scan: Scan, columns: [SQLiteMetricsColumn], parts: [[(PartialPart, String)]]) throws -> SQLFragment {
        let selected = columns.enumerated().map { "\($1.selected) AS d\($0)" } + ["r.hour", "r.count"]
            + parts.flatMap { $0.map { "r.\($1)" } }
        let filter = SQLFragment.all([
            SQLFragment("r.project_id = ?", [scan.projectId]),
            // The window spans whole hours: a range of the primary key's hours.
            SQLFragment("r.hour BETWEEN ? AND ?", [ObservationRollupKey.hour(of: scan.window.from), ObservationRollupKey.hour(of: scan.window.to)]),
        ] + (try scan.filters.map { SQLiteMetricsFilter.sql($0, on: try column($0.column)) }))
        return SQLFragment(sql: "SELECT \(selected.joined(separator: ", ")) FROM observation_rollups r WHERE \(filter.sql)", arguments: filter.arguments)
    }

    func column(_ field: ObservationField) throws -> SQLiteMetricsColumn {
        switch field {
        case .environment: .text("r.environment")
        case .type: .text("r.type", emptyIsAbsent: false)
        case .name: .text("r.name")
        case .level: .text("r.level", emptyIsAbsent: false)
        case .providedModelName: .text("r.model")
        case .startTimeMonth: .calendar("%Y-%m", ofMillis: "(r.hour * \(Self.hourMillis))")
        default: throw StoreError("the observation rollups do not hold '\(field.rawValue)'; the planner reads rows for it")
        }
    }

    /// The rollup column that holds one part of a measure's aggregate.
    private func column(_ part: PartialPart, of measure: ObservationMeasure) throws -> String {
        let columns: [PartialPart: String]? = switch measure {
        case .count: [.count: "count", .sum: "count"]
        case .inputTokens: [.count: "count", .sum: "input_tokens"]
        case .outputTokens: [.count: "count", .sum: "output_tokens"]
        case .totalTokens: [.count: "count", .sum: "total_tokens"]
        case .inputCost: [.count: "count", .sum: "input_cost"]
        case .outputCost: [.count: "count", .sum: "output_cost"]
        case .totalCost: [.count: "total_cost_count", .sum: "total_cost"]
        case .latency: [.count: "latency_count", .sum: "latency_sum", .distribution: "latency_sketch"]
        case .timeToFirstToken: [.count: "time_to_first_token_count", .sum: "time_to_first_token_sum", .distribution: "time_to_first_token_sketch"]
        default: nil
        }
        guard let column = columns?[part] else {
            throw StoreError("the observation rollups do not hold the \(part.rawValue) of '\(measure.rawValue)'; the planner reads rows for it")
        }
        return column
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
