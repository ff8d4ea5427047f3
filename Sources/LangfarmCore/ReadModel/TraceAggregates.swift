/// What a trace's observations add up to, kept on the trace at commit time so that lists sort
/// and filter by cost, tokens, latency and levels without reading the observations.
///
/// Latency is Langfuse's: from the earliest observation start to the latest start or end. A
/// trace without observations has no latency (nil) and zero sums.
public struct TraceAggregates: Sendable, Equatable {
    public var observationCount: Int
    public var levelCounts: LevelCounts
    public var inputTokens: Double
    public var outputTokens: Double
    public var totalTokens: Double
    public var inputCost: Double
    public var outputCost: Double
    public var totalCost: Double
    public var latencyMillis: Int64?

    public init(
        observationCount: Int = 0, levelCounts: LevelCounts = LevelCounts(), inputTokens: Double = 0,
        outputTokens: Double = 0, totalTokens: Double = 0, inputCost: Double = 0, outputCost: Double = 0,
        totalCost: Double = 0, latencyMillis: Int64? = nil
    ) {
        self.observationCount = observationCount
        self.levelCounts = levelCounts
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.totalTokens = totalTokens
        self.inputCost = inputCost
        self.outputCost = outputCost
        self.totalCost = totalCost
        self.latencyMillis = latencyMillis
    }

    public static let empty = TraceAggregates()

    /// The highest level among the observations (ERROR > WARNING > DEFAULT > DEBUG); DEFAULT
    /// for a trace without observations, as Langfuse shows it.
    public var level: ObservationLevel { levelCounts.highest ?? .default }
}

/// How many of a trace's observations have each level.
public struct LevelCounts: Sendable, Equatable {
    public var debug: Int
    public var `default`: Int
    public var warning: Int
    public var error: Int

    public init(debug: Int = 0, default defaultCount: Int = 0, warning: Int = 0, error: Int = 0) {
        self.debug = debug
        self.default = defaultCount
        self.warning = warning
        self.error = error
    }

    public var highest: ObservationLevel? {
        if error > 0 { return .error }
        if warning > 0 { return .warning }
        if self.default > 0 { return .default }
        if debug > 0 { return .debug }
        return nil
    }
}

/// An observation's level, ordered by severity.
public enum ObservationLevel: String, Sendable, CaseIterable, Comparable {
    case debug = "DEBUG"
    case `default` = "DEFAULT"
    case warning = "WARNING"
    case error = "ERROR"

    var severity: Int {
        switch self {
        case .debug: 0
        case .default: 1
        case .warning: 2
        case .error: 3
        }
    }

    public static func < (lhs: ObservationLevel, rhs: ObservationLevel) -> Bool { lhs.severity < rhs.severity }
}
