/// A validated metrics query on one view: what Langfuse's `QueryBuilder` builds SQL from,
/// with every name resolved to a typed field or measure.
public struct MetricsQuery<Field: MetricsField, Measure: MetricsMeasure>: Sendable {
    public var projectId: String
    public var dimensions: [MetricsDimension<Field>]
    public var metrics: [Metric<Measure>]
    public var filters: [FilterCondition<Field>]
    public var window: TimeWindow
    /// The `time_dimension` granularity (`auto` already resolved); nil without one.
    public var timeDimension: TimeGranularity?
    /// The requested order; nil asks for the default order, and for gap filling when there
    /// is a time dimension.
    public var orderBy: [MetricsOrder]?
    public var rowLimit: Int?
    public var histogramBins: Int

    public init(
        projectId: String, dimensions: [MetricsDimension<Field>] = [], metrics: [Metric<Measure>], filters: [FilterCondition<Field>] = [],
        window: TimeWindow, timeDimension: TimeGranularity? = nil, orderBy: [MetricsOrder]? = nil, rowLimit: Int? = nil,
        histogramBins: Int = MetricsQueryDefaults.histogramBins
    ) {
        self.projectId = projectId
        self.dimensions = dimensions
        self.metrics = metrics
        self.filters = filters
        self.window = window
        self.timeDimension = timeDimension
        self.orderBy = orderBy
        self.rowLimit = rowLimit
        self.histogramBins = histogramBins
    }

    /// Each measure the metrics use, once, with every part its aggregations need.
    public var measureRequests: [MeasureRequest<Measure>] {
        var requests: [MeasureRequest<Measure>] = []
        for metric in metrics {
            if let index = requests.firstIndex(where: { $0.measure == metric.measure }) {
                requests[index].needs.formUnion(metric.aggregation.needs)
            } else {
                requests.append(MeasureRequest(measure: metric.measure, needs: metric.aggregation.needs))
            }
        }
        return requests
    }
}

public enum MetricsQueryDefaults {
    /// Langfuse's histogram bins when `config.bins` is absent.
    public static let histogramBins = 10
}

/// A dimension of a query: the field, and the name it was asked for by (the key of its value
/// in each result row; v2's `traceRelease` and `release` are one field under two names).
public struct MetricsDimension<Field: MetricsField>: Sendable {
    public var field: Field
    public var name: String

    public init(_ field: Field, name: String) {
        self.field = field
        self.name = name
    }
}

/// A metric of a query: an aggregation of a measure.
public struct Metric<Measure: MetricsMeasure>: Sendable {
    public var measure: Measure
    public var measureName: String
    public var aggregation: MetricAggregation

    public init(_ aggregation: MetricAggregation, of measure: Measure, named measureName: String) {
        self.measure = measure
        self.measureName = measureName
        self.aggregation = aggregation
    }

    /// The key of its value in each result row: `<aggregation>_<measure>`.
    public var key: String { "\(aggregation.rawValue)_\(measureName)" }
}

/// One key of a result's order.
public struct MetricsOrder: Sendable, Equatable {
    public enum Target: Sendable, Equatable {
        case timeDimension
        /// The query's dimension at this index.
        case dimension(Int)
        /// The query's metric at this index.
        case metric(Int)
    }

    public var target: Target
    public var direction: SortDirection

    public init(_ target: Target, _ direction: SortDirection) {
        self.target = target
        self.direction = direction
    }
}

/// A measure a scan aggregates, with the parts of its aggregate the query needs.
public struct MeasureRequest<Measure: MetricsMeasure>: Sendable, Equatable {
    public var measure: Measure
    public var needs: PartialNeeds

    public init(measure: Measure, needs: PartialNeeds) {
        self.measure = measure
        self.needs = needs
    }
}

/// A metrics query on any view.
public enum AnyMetricsQuery: Sendable {
    case observations(MetricsQuery<ObservationField, ObservationMeasure>)
    case traces(MetricsQuery<TraceField, TraceMeasure>)
    case scores(ScoreSegment, MetricsQuery<ScoreField, ScoreMeasure>)
}
