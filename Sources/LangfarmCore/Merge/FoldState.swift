/// An entity's logged events folded so far, and where the last of them sorts: what lets a later
/// event be folded in without re-reading the entity's whole history (`Projector`).
///
/// Folding is a left fold in `FoldPosition` order, so folding the saved record with events that
/// all sort after `last` gives exactly what folding every event from scratch gives. An event
/// that sorts earlier (out-of-order delivery) needs the whole history again. Trace edits from
/// the web UI fold after every other event, so an entity with one has no saved state.
public struct FoldState: Sendable, Equatable {
    public var record: MergedRecord
    /// How many events the entity has logged.
    public var eventCount: Int
    /// The position of the last event folded.
    public var last: FoldPosition

    public init(record: MergedRecord, eventCount: Int, last: FoldPosition) {
        self.record = record
        self.eventCount = eventCount
        self.last = last
    }

    /// The state after `events` (new events of the entity, in any order), or nil when it cannot
    /// be continued: an event sorts before `last`, or is a trace edit.
    public func continued(with events: [NormalisedEvent]) -> FoldState? {
        let sorted = events.sorted(by: NormalisedEvent.foldOrder)
        guard let first = sorted.first, let newest = sorted.last, last < first.foldPosition,
              let record = RecordMerger.resume(record, with: sorted)
        else { return nil }
        return FoldState(record: record, eventCount: eventCount + events.count, last: newest.foldPosition)
    }
}
