/// What one event contributes to its entity's record.
///
/// Boxed (`indirect`): an event is copied on its way from the request to the projection, and a
/// copy then retains one box rather than every column of the patch.
public indirect enum EventPatch: Sendable, Equatable {
    /// `trace-create`: the trace's columns.
    case trace(TracePatch)
    /// Spans, generations, events and the other observation types, legacy ones included.
    case observation(ObservationPatch)
    /// `score-create`: the score's columns.
    case score(ScorePatch)
    /// A change made in the web UI, folded after every SDK event of the trace (`TraceEdit`).
    case traceEdit(TraceEdit)
    /// A score deleted through the API: it stays deleted until a later `score-create`.
    case scoreDeletion
    /// `sdk-log`: acknowledged, changes no record.
    case nothing

    /// A web-UI edit, which folds after every other event of its trace (`TraceEdit`).
    public var isTraceEdit: Bool {
        if case .traceEdit = self { true } else { false }
    }
}
