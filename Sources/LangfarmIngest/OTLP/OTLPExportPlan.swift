import LangfarmCore

/// An OTLP export as ingestion events: each envelope the mapper makes (`OTLPSpanMapper`) is
/// validated at once, so that an export's events are held, not its trees, and trace updates
/// that repeat the one folded just before them are left out.
public enum OTLPExportPlan {
    public static func plan(_ spans: consuming [OTLPSpan], receivedAt: EpochMillis) -> IngestionPlan {
        var plan = IngestionPlan()
        plan.accepted.reserveCapacity(spans.count)
        var traceUpdates: [NormalisedEvent] = []
        OTLPSpanMapper.forEachEnvelope(consume spans, receivedAt: receivedAt) { envelope in
            let normalised = EventNormaliser.normalise(envelope)
            if case .success(let event) = normalised, event.type == .traceCreate {
                traceUpdates.append(event)
            } else {
                plan.add(normalised, scope: .project)
            }
        }
        for update in withoutRepeats(traceUpdates) { plan.add(.success(update), scope: .project) }
        return plan
    }

    /// The SDKs copy trace attributes onto every span, so an export holds the same trace update
    /// many times. Folding applies a trace's events in fold order (`FoldPosition`); an update
    /// whose patch equals the one folded just before it, apart from the trace timestamp (which
    /// the first update fixes), changes nothing, so it is left out rather than logged and folded
    /// again.
    static func withoutRepeats(_ updates: [NormalisedEvent]) -> [NormalisedEvent] {
        var previous: [String: TracePatch] = [:]
        var kept: [NormalisedEvent] = []
        for update in updates.sorted(by: NormalisedEvent.foldOrder) {
            guard let traceId = update.entity?.id, case .trace(var content) = update.patch else {
                kept.append(update)
                continue
            }
            content.timestamp = .absent
            if previous[traceId] == content { continue }
            previous[traceId] = content
            kept.append(update)
        }
        return kept
    }
}
