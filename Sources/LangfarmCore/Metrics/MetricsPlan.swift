/// How the engine answers a query: which scans to run, and over which source.
public enum MetricsPlan<Field: MetricsField, Measure: MetricsMeasure>: Sendable {
    /// Nothing can match (the filters exclude the whole window).
    case nothing
    /// One grouped scan of the rows.
    case rows(MetricsScan<Field, Measure>)
    /// The whole hours from the rollups and the partial hours at each edge from the rows.
    case rollups(RollupPlan<Field, Measure>)
}

/// A query answered from the hourly rollups: exact for sums, counts and averages; percentiles
/// and histograms come from the rollups' sketches (within 1 %), unless the rollups show the
/// window holds so few rows that reading them all is cheap, when `rowScan` answers exactly.
public struct RollupPlan<Field: MetricsField, Measure: MetricsMeasure>: Sendable {
    /// Which rollups answer the whole hours.
    public var rollups: RollupSource
    public var rollupScan: MetricsScan<Field, Measure>
    public var edgeScans: [MetricsScan<Field, Measure>]
    /// The whole window from the rows.
    public var rowScan: MetricsScan<Field, Measure>
    /// When set, a rollup scan that finds at most this many rows gives way to `rowScan`.
    public var exactBelow: Int64?

    /// Whether the rollups found few enough rows for the exact answer to be cheap.
    public func prefersRows(afterRollups rows: [MetricsPartialRow]) -> Bool {
        guard let exactBelow else { return false }
        return rows.reduce(0) { $0 + $1.rowCount } <= exactBelow
    }
}

/// The rollup tables a plan reads.
public enum RollupSource: Sendable {
    /// Observations per hour, environment, type, name, model and level.
    case observations
    /// Observations per hour (and day), environment and user.
    case observationsByUser
    /// Traces per hour, environment and name.
    case traces
}

/// Chooses the scans for a query.
public enum MetricsPlanner {
    private static let hourMillis = ObservationRollupKey.hourMillis

    /// Observations: from the hourly rollups whenever every dimension, filter, measure and
    /// aggregation is one they hold, else from the per-user rollups when those hold them, and
    /// the window spans a whole hour; else from the rows.
    public static func plan(_ query: MetricsQuery<ObservationField, ObservationMeasure>) -> MetricsPlan<ObservationField, ObservationMeasure> {
        let needsDistributions = query.measureRequests.contains { $0.needs.contains(.distribution) }
        return plan(query, exactBelow: needsDistributions ? Int64(ValueDistribution.exactCapacity) : nil) { filters in
            if ObservationRollupCapability.canAnswer(query, filters: filters) { return .observations }
            return UserRollupCapability.canAnswer(query, filters: filters) ? .observationsByUser : nil
        }
    }

    /// Traces: trace counts by environment, name and time from the trace rollups when the
    /// window spans a whole hour; everything else from the rows.
    public static func plan(_ query: MetricsQuery<TraceField, TraceMeasure>) -> MetricsPlan<TraceField, TraceMeasure> {
        plan(query, exactBelow: nil) { TraceRollupCapability.canAnswer(query, filters: $0) ? .traces : nil }
    }

    /// The window split into the whole hours the rollups answer and the partial hours at each
    /// edge the rows answer, when some `rollups` hold the query with its non-time filters.
    private static func plan<Field, Measure>(
        _ query: MetricsQuery<Field, Measure>, exactBelow: Int64?, rollups: ([FilterCondition<Field>]) -> RollupSource?
    ) -> MetricsPlan<Field, Measure> {
        guard let (window, filters) = narrowedWindow(query) else { return .nothing }
        let rowScan = scan(query, window: window, filters: filters)
        guard let source = rollups(filters) else { return .rows(rowScan) }
        let firstHour = ceilingDivide(window.from, hourMillis)
        let endHour = floorDivide(window.to + 1, hourMillis)
        guard firstHour < endHour else { return .rows(rowScan) }
        let edges = [
            TimeWindow(from: window.from, to: firstHour * hourMillis - 1),
            TimeWindow(from: endHour * hourMillis, to: window.to),
        ].filter { !$0.isEmpty }
        return .rollups(RollupPlan(
            rollups: source,
            rollupScan: scan(query, window: TimeWindow(from: firstHour * hourMillis, to: endHour * hourMillis - 1), filters: filters),
            edgeScans: edges.map { scan(query, window: $0, filters: filters) },
            rowScan: rowScan,
            exactBelow: exactBelow
        ))
    }

    /// Any other view: one scan of the rows.
    public static func plan<Field, Measure>(_ query: MetricsQuery<Field, Measure>) -> MetricsPlan<Field, Measure> {
        guard let (window, filters) = narrowedWindow(query) else { return .nothing }
        return .rows(scan(query, window: window, filters: filters))
    }

    /// The query's window narrowed by its filters on the time column, and its other filters;
    /// nil when no time can match.
    static func narrowedWindow<Field, Measure>(
        _ query: MetricsQuery<Field, Measure>
    ) -> (TimeWindow, [FilterCondition<Field>])? {
        var window = query.window
        var others: [FilterCondition<Field>] = []
        for condition in query.filters {
            guard condition.column.kind == .datetime else {
                others.append(condition)
                continue
            }
            switch (condition.type, condition.operator, condition.value.time) {
            case (.null, .isNull, _): return nil
            case (.datetime, .greaterThanOrEqual, let time?): window.from = max(window.from, time)
            case (.datetime, .greaterThan, let time?): window.from = max(window.from, time + 1)
            case (.datetime, .lessThanOrEqual, let time?): window.to = min(window.to, time)
            case (.datetime, .lessThan, let time?): window.to = min(window.to, time - 1)
            default: break
            }
        }
        return window.isEmpty ? nil : (window, others)
    }

    private static func scan<Field, Measure>(
        _ query: MetricsQuery<Field, Measure>, window: TimeWindow, filters: [FilterCondition<Field>]
    ) -> MetricsScan<Field, Measure> {
        MetricsScan(
            projectId: query.projectId, window: window, queryWindow: query.window, dimensions: query.dimensions.map(\.field),
            bucket: query.timeDimension, filters: filters, measures: query.measureRequests
        )
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : (value - divisor + 1) / divisor
    }

    private static func ceilingDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        -floorDivide(-value, divisor)
    }
}
