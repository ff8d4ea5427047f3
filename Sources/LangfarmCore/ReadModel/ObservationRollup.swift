/// Hourly and daily rollups of observations: what the metrics engine reads instead of every row
/// when a query groups and filters only by the attributes kept here.
///
/// One rollup row per project, hour of start time (UTC) and combination of environment, type,
/// name, model and level, and one per UTC day (keyed by the day's first hour). The projection adds an observation's measures to its row and takes
/// its previous measures out of the row it was in, inside the commit transaction, so the rollups
/// always equal a scan of the rows (`langfarm rebuild` recomputes them, and the conformance
/// suite compares the two).
public struct ObservationRollupKey: Hashable, Sendable {
    public static let hourMillis: EpochMillis = 3_600_000

    public var projectId: String
    /// Hours since the epoch.
    public var hour: Int64
    public var environment: String
    public var type: String
    /// Empty for an observation without a name (Langfuse treats '' as NULL in dimensions).
    public var name: String
    /// Empty for an observation without a model.
    public var model: String
    public var level: String

    public init(projectId: String, hour: Int64, environment: String, type: String, name: String, model: String, level: String) {
        self.projectId = projectId
        self.hour = hour
        self.environment = environment
        self.type = type
        self.name = name
        self.model = model
        self.level = level
    }

    public init(
        projectId: String, startTime: EpochMillis, environment: String, type: String, name: String?, model: String?, level: String
    ) {
        self.init(
            projectId: projectId, hour: Self.hour(of: startTime), environment: environment, type: type,
            name: name ?? "", model: model ?? "", level: level
        )
    }

    /// The hour (since the epoch) that holds `time`, also for times before 1970.
    public static func hour(of time: EpochMillis) -> Int64 {
        time >= 0 ? time / hourMillis : (time - hourMillis + 1) / hourMillis
    }

    /// The first hour of the UTC day that holds `hour`: the key hour of daily rollup rows.
    public static func dayStart(of hour: Int64) -> Int64 {
        (hour >= 0 ? hour / 24 : (hour - 23) / 24) * 24
    }

    /// The same key in the daily rollups.
    public var day: ObservationRollupKey {
        ObservationRollupKey(projectId: projectId, hour: Self.dayStart(of: hour), environment: environment, type: type, name: name, model: model, level: level)
    }
}

/// The sums every observation rollup keeps per row (`RollupMeasures`, and the per-user
/// rollups' own): the observation count, tokens and costs, with the count of observations that
/// have a total cost, so that averages skip those without one, as Langfuse's do.
public protocol ObservationSums: Sendable {
    init()
    var count: Int64 { get set }
    var inputTokens: Double { get set }
    var outputTokens: Double { get set }
    var totalTokens: Double { get set }
    var inputCost: Double { get set }
    var outputCost: Double { get set }
    var totalCost: Double { get set }
    var totalCostCount: Int64 { get set }

    /// Adds one observation's measures, or removes them (`subtracting`).
    mutating func add(_ measures: ObservationMeasures, subtracting: Bool)
}

extension ObservationSums {
    /// Adds the summed measures of one observation, or removes them.
    public mutating func addSums(_ measures: ObservationMeasures, subtracting: Bool) {
        let sign: Double = subtracting ? -1 : 1
        let one: Int64 = subtracting ? -1 : 1
        count += one
        inputTokens += sign * measures.inputTokens
        outputTokens += sign * measures.outputTokens
        totalTokens += sign * measures.totalTokens
        inputCost += sign * measures.inputCost
        outputCost += sign * measures.outputCost
        if let cost = measures.totalCost {
            totalCost += sign * cost
            totalCostCount += one
        }
    }

    /// Adds another row's sums, or removes them.
    public mutating func mergeSums(_ other: Self, subtracting: Bool) {
        let sign: Double = subtracting ? -1 : 1
        let integerSign: Int64 = subtracting ? -1 : 1
        count += integerSign * other.count
        inputTokens += sign * other.inputTokens
        outputTokens += sign * other.outputTokens
        totalTokens += sign * other.totalTokens
        inputCost += sign * other.inputCost
        outputCost += sign * other.outputCost
        totalCost += sign * other.totalCost
        totalCostCount += integerSign * other.totalCostCount
    }
}

/// The sums of one rollup row. Counts of the values present (`latencyCount`, `totalCostCount`…)
/// make averages exact: Langfuse averages skip observations without the value.
public struct RollupMeasures: ObservationSums, Equatable {
    public var count: Int64 = 0
    public var inputTokens: Double = 0
    public var outputTokens: Double = 0
    public var totalTokens: Double = 0
    public var inputCost: Double = 0
    public var outputCost: Double = 0
    public var totalCost: Double = 0
    public var totalCostCount: Int64 = 0
    public var latencySum: Double = 0
    public var latencyCount: Int64 = 0
    public var latency = LogSketch()
    public var timeToFirstTokenSum: Double = 0
    public var timeToFirstTokenCount: Int64 = 0
    public var timeToFirstToken = LogSketch()

    public init() {}

    public var isEmpty: Bool { count == 0 }

    public mutating func add(_ measures: ObservationMeasures, subtracting: Bool = false) {
        addSums(measures, subtracting: subtracting)
        let sign: Double = subtracting ? -1 : 1
        let one: Int64 = subtracting ? -1 : 1
        if let latencyMillis = measures.latencyMillis {
            latencySum += sign * Double(latencyMillis)
            latencyCount += one
            latency.add(Double(latencyMillis), count: one)
        }
        if let ttft = measures.timeToFirstTokenMillis {
            timeToFirstTokenSum += sign * Double(ttft)
            timeToFirstTokenCount += one
            timeToFirstToken.add(Double(ttft), count: one)
        }
    }

    public mutating func merge(_ other: RollupMeasures, subtracting: Bool = false) {
        mergeSums(other, subtracting: subtracting)
        let sign: Double = subtracting ? -1 : 1
        let integerSign: Int64 = subtracting ? -1 : 1
        latencySum += sign * other.latencySum
        latencyCount += integerSign * other.latencyCount
        latency.merge(other.latency, subtracting: subtracting)
        timeToFirstTokenSum += sign * other.timeToFirstTokenSum
        timeToFirstTokenCount += integerSign * other.timeToFirstTokenCount
        timeToFirstToken.merge(other.timeToFirstToken, subtracting: subtracting)
    }
}

/// The changes one write transaction makes to a rollup, collected per row so that each row is
/// read and written once per transaction however many of its observations changed.
public struct RollupDeltas<Key: Hashable & Sendable, Measures: ObservationSums>: Sendable {
    public private(set) var changes: [Key: Measures] = [:]

    public init() {}

    /// An observation went from `old` (nil when new) to `new` (nil when deleted).
    public mutating func record(old: (key: Key, measures: ObservationMeasures)?, new: (key: Key, measures: ObservationMeasures)?) {
        if let old, let new, old.key == new.key, old.measures == new.measures { return }
        if let old { changes[old.key, default: Measures()].add(old.measures, subtracting: true) }
        if let new { changes[new.key, default: Measures()].add(new.measures, subtracting: false) }
    }

    public var isEmpty: Bool { changes.isEmpty }
}
