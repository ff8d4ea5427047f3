import GRDB
import LangfarmCore

/// What the observations written to one trace in a transaction add to its aggregates: the
/// new rows' contributions less the ones they replace, and the span of their times.
///
/// A change that can narrow the span (an observation starting later or ending earlier than it
/// did, one moving to another trace, one deleted) cannot be added: the trace's aggregates are
/// then recomputed from its observations (`SQLiteAggregates.refresh`).
struct SQLiteAggregateDelta {
    private var count = 0
    private var levels: [String: Int] = [:]
    private var inputTokens = 0.0
    private var outputTokens = 0.0
    private var totalTokens = 0.0
    private var inputCost = 0.0
    private var outputCost = 0.0
    private var totalCost = 0.0
    private var start = EpochMillis.max
    private var end = EpochMillis.min

    /// One observation row's part of the aggregates.
    struct Contribution {
        let level: String
        let measures: ObservationMeasures
        let start: EpochMillis
        let end: EpochMillis

        init(level: String, measures: ObservationMeasures, start: EpochMillis, end: EpochMillis?) {
            self.level = level
            self.measures = measures
            self.start = start
            self.end = max(start, end ?? start)
        }
    }

    /// Adds `new` in place of `old`; false when that could narrow the span, so that only a
    /// refresh gives the right latency.
    mutating func replace(_ old: Contribution?, with new: Contribution) -> Bool {
        if let old {
            guard new.start <= old.start, new.end >= old.end else { return false }
            add(old, sign: -1)
        }
        add(new, sign: 1)
        start = min(start, new.start)
        end = max(end, new.end)
        return true
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

    /// The arguments of `SQLiteAggregates.add` for the trace.
    func arguments(projectId: String, traceId: String) -> StatementArguments {
        [
            projectId, traceId, count, levels["DEBUG"] ?? 0, levels["DEFAULT"] ?? 0, levels["WARNING"] ?? 0, levels["ERROR"] ?? 0,
            inputTokens, outputTokens, totalTokens, inputCost, outputCost, totalCost, start, end,
        ]
    }
}
