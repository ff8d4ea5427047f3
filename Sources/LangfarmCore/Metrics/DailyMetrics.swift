/// `GET /api/public/metrics/daily`: per UTC day, the traces, the observations, their cost and
/// their usage per model, newest day first (see `DailyMetricsReport`).
public struct DailyMetricsRequest: Sendable, Equatable {
    public var projectId: String
    public var page: PageRequest
    public var traceName: String?
    public var userId: String?
    /// All of them.
    public var tags: [String]
    /// Any of them.
    public var environments: [String]
    /// Traces from here (inclusive).
    public var from: EpochMillis?
    /// Traces up to here (exclusive).
    public var to: EpochMillis?

    public init(
        projectId: String, page: PageRequest, traceName: String? = nil, userId: String? = nil, tags: [String] = [],
        environments: [String] = [], from: EpochMillis? = nil, to: EpochMillis? = nil
    ) {
        self.projectId = projectId
        self.page = page
        self.traceName = traceName
        self.userId = userId
        self.tags = tags
        self.environments = environments
        self.from = from
        self.to = to
    }
}

/// One day of `GET /api/public/metrics/daily`.
public struct DailyMetrics: Sendable, Equatable {
    /// `YYYY-MM-DD`.
    public var date: String
    public var countTraces: Int64
    public var countObservations: Int64
    public var totalCost: Double
    public var usage: [DailyModelUsage]

    public init(date: String, countTraces: Int64, countObservations: Int64, totalCost: Double, usage: [DailyModelUsage]) {
        self.date = date
        self.countTraces = countTraces
        self.countObservations = countObservations
        self.totalCost = totalCost
        self.usage = usage
    }
}

/// One model's share of a day (`model` is null for observations without one).
public struct DailyModelUsage: Sendable, Equatable {
    public var model: String?
    public var inputUsage: Int64
    public var outputUsage: Int64
    public var totalUsage: Int64
    public var countObservations: Int64
    public var countTraces: Int64
    public var totalCost: Double

    public init(
        model: String?, inputUsage: Int64, outputUsage: Int64, totalUsage: Int64, countObservations: Int64, countTraces: Int64,
        totalCost: Double
    ) {
        self.model = model
        self.inputUsage = inputUsage
        self.outputUsage = outputUsage
        self.totalUsage = totalUsage
        self.countObservations = countObservations
        self.countTraces = countTraces
        self.totalCost = totalCost
    }
}
