/// The parts of a measure's aggregate a scan computes: what the requested aggregations are
/// finished from. Stores compute only the parts asked for.
public struct PartialNeeds: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// How many rows have a value.
    public static let count = PartialNeeds(rawValue: 1)
    /// The sum of the values.
    public static let sum = PartialNeeds(rawValue: 2)
    /// The smallest and the largest value.
    public static let extremes = PartialNeeds(rawValue: 4)
    /// The values themselves (or a sketch of them), for percentiles and histograms.
    public static let distribution = PartialNeeds(rawValue: 8)
    /// How many distinct values there are. Distinct counts of two scans cannot be combined,
    /// so a query that needs one is always answered by a single scan.
    public static let distinct = PartialNeeds(rawValue: 16)
}

/// What a scan found for one measure in one group, in a form that combines with the same
/// measure's partial aggregate from another scan of other rows (another part of the window,
/// the rollups and the raw rows): the merge is exact for every part but `distinctCount`.
public struct PartialAggregate: Sendable, Equatable {
    /// Rows with a value (null values are skipped, as every aggregation skips them).
    public var count: Int64
    public var sum: Double
    public var minimum: Double?
    public var maximum: Double?
    public var distribution: ValueDistribution?
    public var distinctCount: Int64?

    public init(
        count: Int64 = 0, sum: Double = 0, minimum: Double? = nil, maximum: Double? = nil,
        distribution: ValueDistribution? = nil, distinctCount: Int64? = nil
    ) {
        self.count = count
        self.sum = sum
        self.minimum = minimum
        self.maximum = maximum
        self.distribution = distribution
        self.distinctCount = distinctCount
    }

    /// Adds the rows `other` saw. The planner never splits a scan whose measures need
    /// `distinctCount`, so two of them never meet here.
    public mutating func merge(_ other: PartialAggregate) {
        count += other.count
        sum += other.sum
        minimum = [minimum, other.minimum].compactMap { $0 }.min()
        maximum = [maximum, other.maximum].compactMap { $0 }.max()
        switch (distribution, other.distribution) {
        case (var mine?, let theirs?):
            mine.merge(theirs)
            distribution = mine
        case (nil, let theirs?):
            distribution = theirs
        default:
            break
        }
        if let theirs = other.distinctCount { distinctCount = (distinctCount ?? 0) + theirs }
    }
}

/// One group a scan found: its dimension values (in the scan's dimension order), its time
/// bucket, how many rows it holds and each requested measure's partial aggregate (in the
/// scan's measure order).
public struct MetricsPartialRow: Sendable, Equatable {
    public var dimensions: [MetricsValue]
    public var bucket: EpochMillis?
    public var rowCount: Int64
    public var aggregates: [PartialAggregate]

    public init(dimensions: [MetricsValue], bucket: EpochMillis?, rowCount: Int64, aggregates: [PartialAggregate]) {
        self.dimensions = dimensions
        self.bucket = bucket
        self.rowCount = rowCount
        self.aggregates = aggregates
    }

    /// The group this row belongs to.
    public var groupKey: MetricsGroupKey { MetricsGroupKey(dimensions: dimensions, bucket: bucket) }

    /// The row with each distribution kept as a sketch, as hourly rollups keep them. A store
    /// that answers rollup scans from its rows returns these, so that its percentiles are the
    /// ones a store with rollups gives.
    public var sketched: MetricsPartialRow {
        var row = self
        for index in row.aggregates.indices {
            row.aggregates[index].distribution = row.aggregates[index].distribution.map { ValueDistribution($0.asSketch) }
        }
        return row
    }

    /// One row per group, in the order the groups first appear, each with the aggregates of
    /// every row of its group merged.
    public static func merged(_ rows: [MetricsPartialRow]) -> [MetricsPartialRow] {
        var index: [MetricsGroupKey: Int] = [:]
        var merged: [MetricsPartialRow] = []
        for row in rows {
            guard let existing = index[row.groupKey] else {
                index[row.groupKey] = merged.count
                merged.append(row)
                continue
            }
            merged[existing].rowCount += row.rowCount
            for position in row.aggregates.indices { merged[existing].aggregates[position].merge(row.aggregates[position]) }
        }
        return merged
    }
}

/// A group of a metrics result: dimension values and time bucket.
public struct MetricsGroupKey: Hashable, Sendable {
    public var dimensions: [MetricsValue]
    public var bucket: EpochMillis?

    public init(dimensions: [MetricsValue], bucket: EpochMillis?) {
        self.dimensions = dimensions
        self.bucket = bucket
    }
}
