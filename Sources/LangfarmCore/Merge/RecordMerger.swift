/// Langfuse's merge rules (`worker/src/services/IngestionService/utils.ts`, `overwriteObject`).
///
/// Events of one entity are folded oldest first (`NormalisedEvent.foldOrder`). A later value
/// wins, an explicit `null` too, except for an observation's `statusMessage`,
/// `parentObservationId` and `version`; empty objects never overwrite; `metadata` deep-merges;
/// `tags` is the sorted union; `input` and `output` take the last truthy value; ids, timestamps
/// and the environment are fixed by the first non-null write. Each rule is a method of `Field`,
/// and each patch type lists its columns with their rule (`TracePatch.merge(_:)`, …).
public enum RecordMerger {
    /// Folds an entity's events into its record; the order of `events` does not matter.
    public static func fold(_ kind: EntityKind, _ events: [NormalisedEvent]) -> MergedRecord {
        switch kind {
        case .trace: return .trace(foldTrace(events))
        case .observation: return .observation(foldObservation(events))
        case .score:
            let (score, isDeleted) = foldScore(events)
            return .score(score, isDeleted: isDeleted)
        }
    }

    /// Folds more events into a record folded from earlier ones; `events` must be sorted
    /// (`NormalisedEvent.foldOrder`) and sort after every event already folded. Nil when one
    /// of them is a trace edit, which folds after every other event and so cannot be appended.
    public static func resume(_ record: MergedRecord, with events: [NormalisedEvent]) -> MergedRecord? {
        switch record {
        case .trace(var trace):
            for event in events {
                switch event.patch {
                case .trace(let patch): trace.merge(patch)
                case .traceEdit: return nil
                case .observation, .score, .scoreDeletion, .nothing: continue
                }
            }
            return .trace(trace)
        case .observation(var observation):
            for event in events {
                if case .observation(let patch) = event.patch { observation.merge(patch) }
            }
            return .observation(observation)
        case .score(var score, var isDeleted):
            for event in events { apply(event, to: &score, isDeleted: &isDeleted) }
            return .score(score, isDeleted: isDeleted)
        }
    }

    /// A trace's events folded. Trace edits from the web UI fold after every other event
    /// (`TraceEdit`).
    public static func foldTrace(_ events: [NormalisedEvent]) -> TracePatch {
        var trace = TracePatch()
        var edits: [TraceEdit] = []
        for event in events.sorted(by: NormalisedEvent.foldOrder) {
            switch event.patch {
            case .trace(let patch): trace.merge(patch)
            case .traceEdit(let edit): edits.append(edit)
            case .observation, .score, .scoreDeletion, .nothing: continue  // never a trace's
            }
        }
        for edit in edits { edit.apply(to: &trace) }
        return trace
    }

    /// An observation's events folded.
    public static func foldObservation(_ events: [NormalisedEvent]) -> ObservationPatch {
        var observation = ObservationPatch()
        for event in events.sorted(by: NormalisedEvent.foldOrder) {
            if case .observation(let patch) = event.patch { observation.merge(patch) }
        }
        return observation
    }

    /// A score's events folded. A deletion deletes the score, and a later `score-create`
    /// brings it back.
    public static func foldScore(_ events: [NormalisedEvent]) -> (score: ScorePatch, isDeleted: Bool) {
        var score = ScorePatch()
        var isDeleted = false
        for event in events.sorted(by: NormalisedEvent.foldOrder) { apply(event, to: &score, isDeleted: &isDeleted) }
        return (score, isDeleted)
    }

    private static func apply(_ event: NormalisedEvent, to score: inout ScorePatch, isDeleted: inout Bool) {
        switch event.patch {
        case .score(let patch):
            score.merge(patch)
            isDeleted = false
        case .scoreDeletion: isDeleted = true
        case .trace, .observation, .traceEdit, .nothing: return  // never a score's
        }
    }
}
