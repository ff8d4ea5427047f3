/// Turns the partial aggregates of a query's scans into its result: merges the groups the
/// scans share, finishes each metric, fills the gaps of a time series, orders and limits.
public enum MetricsAssembler {
    public static func assemble<Field, Measure>(_ query: MetricsQuery<Field, Measure>, _ partials: [MetricsPartialRow]) -> MetricsResult {
        var groups = MetricsPartialRow.merged(partials).map { Group(key: $0.groupKey, rowCount: $0.rowCount, aggregates: $0.aggregates) }
        if groups.isEmpty, query.dimensions.isEmpty, query.timeDimension == nil {
            // An aggregate without GROUP BY answers one row, even over no rows.
            groups = [Group(key: MetricsGroupKey(dimensions: [], bucket: nil), rowCount: 0, aggregates: query.measureRequests.map { _ in PartialAggregate() })]
        }
        if let granularity = query.timeDimension, query.orderBy == nil {
            groups += gaps(in: groups, granularity: granularity, window: query.window, dimensionCount: query.dimensions.count)
        }
        let measures = query.measureRequests.map(\.measure)
        var rows = groups.map { group in
            SortableRow(
                bucket: group.key.bucket,
                dimensions: zip(query.dimensions, group.key.dimensions).map { $1 == .null ? $0.field.absentValue : $1 },
                metrics: query.metrics.isEmpty
                    // Without metrics, Langfuse answers the rows of each group as `count`.
                    ? [.integer(group.rowCount)]
                    : query.metrics.map { metric in
                        guard let aggregates = group.aggregates else { return MetricValues.filled(metric) }
                        let index = measures.firstIndex(of: metric.measure) ?? 0
                        return MetricValues.value(metric, of: aggregates[index], bins: query.histogramBins)
                    }
            )
        }
        let order = order(query)
        rows.sort { $0.precedes($1, by: order) }
        if let limit = query.rowLimit, rows.count > limit { rows.removeLast(rows.count - limit) }
        return MetricsResult(rows: rows.map { row in
            var columns = zip(query.dimensions, row.dimensions).map { MetricsColumn($0.name, $1) }
            if let granularity = query.timeDimension, let bucket = row.bucket {
                columns.append(MetricsColumn("time_dimension", .text(granularity.label(bucket))))
            }
            columns += zip(query.metrics.isEmpty ? ["count"] : query.metrics.map(\.key), row.metrics).map { MetricsColumn($0, $1) }
            return MetricsRow(columns)
        })
    }

    /// A group and its merged aggregates; nil aggregates mark a gap-filled row.
    struct Group {
        var key: MetricsGroupKey
        var rowCount: Int64
        var aggregates: [PartialAggregate]?
    }

    /// ClickHouse's `WITH FILL FROM bucket(from) TO bucket(to) STEP 1 <granularity>`: a row for
    /// each bucket no group has, from the window's first bucket up to, not including, the
    /// bucket that holds its end (`TO` is exclusive in ClickHouse; Langfuse's series therefore
    /// never fill their last bucket).
    static func gaps(in groups: [Group], granularity: TimeGranularity, window: TimeWindow, dimensionCount: Int) -> [Group] {
        let present = Set(groups.compactMap(\.key.bucket))
        let end = granularity.bucketStart(of: window.to)
        var bucket = granularity.bucketStart(of: window.from)
        var filled: [Group] = []
        while bucket < end {
            if !present.contains(bucket) {
                filled.append(Group(key: MetricsGroupKey(dimensions: Array(repeating: .null, count: dimensionCount), bucket: bucket), rowCount: 0, aggregates: nil))
            }
            bucket = granularity.bucketAfter(bucket)
        }
        return filled
    }

    /// The requested order, or Langfuse's default: the time dimension ascending, else the
    /// first metric descending, else the first dimension ascending. Ties are broken by the
    /// time dimension and the dimensions in order, ascending, so that results are stable.
    static func order<Field, Measure>(_ query: MetricsQuery<Field, Measure>) -> [MetricsOrder] {
        let requested: [MetricsOrder]
        if let orderBy = query.orderBy {
            requested = orderBy
        } else if query.timeDimension != nil {
            requested = [MetricsOrder(.timeDimension, .ascending)]
        } else if !query.metrics.isEmpty {
            requested = [MetricsOrder(.metric(0), .descending)]
        } else {
            requested = query.dimensions.isEmpty ? [] : [MetricsOrder(.dimension(0), .ascending)]
        }
        let tiebreakers = ([MetricsOrder(.timeDimension, .ascending)] + query.dimensions.indices.map { MetricsOrder(.dimension($0), .ascending) })
            .filter { tiebreaker in !requested.contains { $0.target == tiebreaker.target } }
        return requested + tiebreakers
    }
}

/// A result row before its columns are named, with what it is sorted by.
struct SortableRow {
    var bucket: EpochMillis?
    var dimensions: [MetricsValue]
    var metrics: [MetricsValue]

    func precedes(_ other: SortableRow, by order: [MetricsOrder]) -> Bool {
        for key in order {
            let comparison: Int = switch key.target {
            case .timeDimension: MetricsValueOrder.compare(bucket.map(MetricsValue.integer) ?? .null, other.bucket.map(MetricsValue.integer) ?? .null, key.direction)
            case .dimension(let index): MetricsValueOrder.compare(dimensions[index], other.dimensions[index], key.direction)
            case .metric(let index): MetricsValueOrder.compare(metrics[index], other.metrics[index], key.direction)
            }
            if comparison != 0 { return comparison < 0 }
        }
        return false
    }
}

/// ClickHouse's sort order of values: numbers by value, text by bytes, NaN and then null last
/// in either direction.
enum MetricsValueOrder {
    /// Negative when `lhs` comes first in `direction`, positive when `rhs` does, 0 when tied.
    static func compare(_ lhs: MetricsValue, _ rhs: MetricsValue, _ direction: SortDirection) -> Int {
        let lhsRank = rank(lhs), rhsRank = rank(rhs)
        if lhsRank != rhsRank { return lhsRank < rhsRank ? -1 : 1 }
        guard lhsRank == 0 else { return 0 }
        let ascending = ascendingComparison(lhs, rhs)
        return direction == .ascending ? ascending : -ascending
    }

    /// 0 for ordinary values, 1 for NaN, 2 for null.
    private static func rank(_ value: MetricsValue) -> Int {
        if value == .null { return 2 }
        if let number = value.numeric, number.isNaN { return 1 }
        return 0
    }

    private static func ascendingComparison(_ lhs: MetricsValue, _ rhs: MetricsValue) -> Int {
        switch (lhs, rhs) {
        case (.text(let left), .text(let right)): return compareBytes(left, right)
        case (.texts(let left), .texts(let right)):
            for (l, r) in zip(left, right) where l != r { return compareBytes(l, r) }
            return left.count == right.count ? 0 : (left.count < right.count ? -1 : 1)
        default:
            guard let left = lhs.numeric, let right = rhs.numeric, left != right else { return 0 }
            return left < right ? -1 : 1
        }
    }

    private static func compareBytes(_ lhs: String, _ rhs: String) -> Int {
        if lhs == rhs { return 0 }
        return lhs.utf8.lexicographicallyPrecedes(rhs.utf8) ? -1 : 1
    }
}
