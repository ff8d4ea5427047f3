/// What the metrics engine asks a store for: the rows of one view whose time lies in `window`
/// and that pass `filters`, grouped by `dimensions` (and the `bucket` of their time), with the
/// partial aggregates of `measures`. Stores answer it from their rows or, for observations,
/// from their hourly rollups (`window` then spans whole hours). Always scoped to one project.
public struct MetricsScan<Field: MetricsField, Measure: MetricsMeasure>: Sendable {
    public var projectId: String
    public var window: TimeWindow
    /// The query's window: what the scores, traces and observations a view joins are bounded
    /// by, as Langfuse bounds every joined table by it, whichever part of the window this scan
    /// reads.
    public var queryWindow: TimeWindow
    public var dimensions: [Field]
    public var bucket: TimeGranularity?
    public var filters: [FilterCondition<Field>]
    public var measures: [MeasureRequest<Measure>]

    public init(
        projectId: String, window: TimeWindow, queryWindow: TimeWindow, dimensions: [Field], bucket: TimeGranularity?,
        filters: [FilterCondition<Field>], measures: [MeasureRequest<Measure>]
    ) {
        self.projectId = projectId
        self.window = window
        self.queryWindow = queryWindow
        self.dimensions = dimensions
        self.bucket = bucket
        self.filters = filters
        self.measures = measures
    }
}
