import LangfarmCore

/// What the observations written to one trace in a transaction add to its aggregates: the
/// new rows' contributions less the ones they replace, and the span of their times. Both
/// stores add it to the trace's stored aggregates, so that a trace gaining one more
/// observation costs the same however many it has.
///
/// A change that can narrow the span (an observation starting later or ending earlier than it
/// did, one moving to another trace, one deleted) cannot be added: the trace's aggregates are
/// then recomputed from its observations.
public struct TraceAggregateDelta: Sendable {
    public private(set) var count = 0
    private var levels: [String: Int] = [:]
    public private(set) var inputTokens = 0.0
    public private(set) var outputTokens = 0.0
    public private(set) var totalTokens = 0.0
    public private(set) var inputCost = 0.0
    public private(set) var outputCost = 0.0
    public private(set) var totalCost = 0.0
    /// The earliest start of the rows added.
    public private(set) var start = EpochMillis.max
    /// The latest start or end of the rows added.
    public private(set) var end = EpochMillis.min

    public init() {}

    /// One observation row's part of the aggregates.
    public struct Contribution: Sendable {
        let level: String
        let measures: ObservationMeasures
        let start: EpochMillis
        let end: EpochMillis

        public init(level: String, measures: ObservationMeasures, start: EpochMillis, end: EpochMillis?) {
            self.level = level
            self.measures = measures
            self.start = start
            self.end = max(start, end ?? start)
        }
    }

    /// Adds `new` in place of `old`; false when that could narrow the span, so that only a
    /// refresh gives the right latency.
    public mutating func replace(_ old: Contribution?, with new: Contribution) -> Bool {
        if let old {
            guard new.start <= old.start, new.end >= old.end else { return false }
            add(old, sign: -1)
        }
        add(new, sign: 1)
        start = min(start, new.start)
        end = max(end, new.end)
        return true
    }

    /// How many rows of `level` were added (less those removed).
    public func count(of level: String) -> Int {
        levels[level] ?? 0
    }

    private mutating func add(_ contribution: Contribution, sign: Int) {
        let measures = contribution.measures
        count += sign
        levels[contribution.level, default: 0] += sign
        inputTokens += Double(sign) * measures.inputTokens
        outputTokens += Double(sign) * measures.outputTokens
        totalTokens += Double(sign) * measures.totalTokens
        inputCost += Double(sign) * measures.inputCost
        outputCost += Double(sign) * measures.outputCost
        totalCost += Double(sign) * (measures.totalCost ?? 0)
    }
}
