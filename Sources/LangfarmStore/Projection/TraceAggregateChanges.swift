/// How the rows written in one transaction change their traces' aggregates: per trace, either
/// a delta to add to the stored aggregates, or a refresh from the trace's observations when a
/// delta cannot express the change (a new trace row, an observation moving between traces or
/// narrowing the span, one expired). Both stores keep one per write transaction.
public struct TraceAggregateChanges: Sendable {
    private var refreshed: Set<TraceKey> = []
    private var deltas: [TraceKey: TraceAggregateDelta] = [:]

    public init() {}

    /// An observation row of `trace` was written as `new`; `previous` is what its stored row
    /// contributed before, and to which trace.
    public mutating func observationWritten(
        to trace: TraceKey, _ new: TraceAggregateDelta.Contribution,
        replacing previous: (traceId: String, contribution: TraceAggregateDelta.Contribution)?
    ) {
        if let previous, previous.traceId != trace.traceId {
            refresh(trace)
            refresh(TraceKey(projectId: trace.projectId, traceId: previous.traceId))
        } else if !refreshed.contains(trace), !deltas[trace, default: TraceAggregateDelta()].replace(previous?.contribution, with: new) {
            refresh(trace)
        }
    }

    /// The trace's aggregates are to be recomputed from its observations.
    public mutating func refresh(_ trace: TraceKey) {
        refreshed.insert(trace)
        deltas[trace] = nil
    }

    /// Whether the trace's aggregates are recomputed rather than added to.
    public func isRefreshed(_ trace: TraceKey) -> Bool {
        refreshed.contains(trace)
    }

    /// The traces whose aggregates are recomputed.
    public var refreshedTraces: Set<TraceKey> { refreshed }

    /// What to add to each trace's aggregates that is not recomputed.
    public var added: [TraceKey: TraceAggregateDelta] { deltas }
}
