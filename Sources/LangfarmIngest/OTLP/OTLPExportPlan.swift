import LangfarmCore

/// An OTLP export as ingestion events: each envelope the mapper makes (`OTLPSpanMapper`) is
/// validated at once, so that an export's events are held, not its trees.
public enum OTLPExportPlan {
    public static func plan(_ spans: consuming [OTLPSpan], receivedAt: EpochMillis) -> IngestionPlan {
        var plan = IngestionPlan()
        plan.accepted.reserveCapacity(spans.count)
        OTLPSpanMapper.forEachEnvelope(consume spans, receivedAt: receivedAt) { envelope in
            plan.add(EventNormaliser.normalise(envelope), scope: .project)
        }
        return plan
    }
}
