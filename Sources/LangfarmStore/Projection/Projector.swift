import Algorithms
import LangfarmCore

/// Projects events into rows: appends them to the event log, then folds each touched entity.
/// Refolding from the log is what makes out-of-order delivery and split batches give the same
/// rows as in-order delivery; an entity with a long history keeps its fold so far (`FoldState`)
/// and folds new events that sort after it into that, so an event costs the same however many
/// its entity already has.
///
/// A group commit's batches are projected together, phase by phase (log, read fold states and
/// histories, fold, anchor, write), each phase one call to the store for a step of up to a few
/// thousand events or entities: a network store pays a handful of round trips per step, and a
/// huge commit never holds all its folded records and rows at once. Folding is order-free, so
/// the rows are those that projecting the batches one after the other would leave; a row
/// touched by several batches is written once, as the last of them leaves it.
public enum Projector {
    /// Projects `batches`, in order, in one transaction.
    public static func apply(_ batches: [EventBatch], in transaction: some ProjectionTransaction) async throws {
        var touches = EntityTouches()
        for batch in batches {
            for event in batch.events {
                guard let entity = event.entity else { continue }
                touches.touch(EntityKey(projectId: batch.projectId, entity: entity), by: batch)
            }
        }
        guard !touches.order.isEmpty else { return }
        var fresh: [EntityKey: [String: NormalisedEvent]] = [:]
        fresh.reserveCapacity(touches.order.count)
        for step in try await restampedEvents(of: batches, in: transaction).chunks(ofCount: eventsPerStep) {
            let isNew = try await transaction.appendEvents(step.map { logged($0.event, of: $0.key, receivedAt: $0.receivedAt) })
            for (entry, new) in zip(step, isNew) where new {
                fresh[entry.key, default: [:]][entry.event.envelopeId] = entry.event
            }
        }
        // A large group commit (an OTLP export of 160,000 spans) is folded and written a step
        // of entities at a time, each step's records and rows freed before the next. Traces go
        // first: an observation written after its new trace row takes the trace's attributes
        // and adds to its aggregates at once, where one written before it is revisited at the
        // end of the transaction (an OTLP export lists its trace updates last).
        let touched = touches.order.filter { fresh[$0] != nil }.partitioned { $0.entity.kind == .trace }
        for step in (touched.trueElements + touched.falseElements).chunks(ofCount: entitiesPerStep) {
            var stepFresh: [EntityKey: [String: NormalisedEvent]] = [:]
            for key in step { stepFresh[key] = fresh.removeValue(forKey: key) }
            try await refold(Array(step), touches: touches, fresh: stepFresh, in: transaction)
        }
    }

    /// How many events one step of `apply` logs, and how many entities it folds and writes: each
    /// step reads and writes its entities at once, so a larger step costs memory (a few kB an
    /// entity while it is folded and written), a smaller one round trips. Steps share the
    /// transaction, so a later step sees what an earlier one wrote, as a later commit would.
    public static let eventsPerStep = 4_000
    public static let entitiesPerStep = 2_000

    /// How many entities a rebuild or re-pricing refolds per call of `refold`: each call reads
    /// their logged events in one step, so a larger step costs memory, a smaller one round trips.
    public static let entitiesPerRefold = 1_000

    /// Recomputes entities' rows from their logged events, each as of its time (a rebuild, a
    /// re-pricing).
    public static func refold(_ entities: [(key: EntityKey, at: EpochMillis)], in transaction: some ProjectionTransaction) async throws {
        var touches = EntityTouches()
        for entity in entities { touches.touch(entity.key, at: entity.at, sdk: nil) }
        try await refold(touches.order, touches: touches, fresh: [:], in: transaction)
    }

    /// Entities with fewer logged events than this refold from their history, which costs
    /// less than keeping a `FoldState` for each; those with more keep one, so that a long-lived
    /// trace (a chat that appends for days, an exporter that repeats the trace on every export)
    /// costs the same per event however long it gets.
    public static let foldStateThreshold = 8

    /// Folds each entity and writes the rows (`fresh` holds the events this transaction logged,
    /// already decoded, by envelope id). An entity with a saved `FoldState` whose new events all
    /// sort after it continues from it; the others fold their whole logged history.
    static func refold(
        _ entities: [EntityKey], touches: EntityTouches, fresh: [EntityKey: [String: NormalisedEvent]],
        in transaction: some ProjectionTransaction
    ) async throws {
        guard !entities.isEmpty else { return }
        // A rebuild or re-pricing (nothing fresh) refolds from the log by definition.
        let saved = fresh.isEmpty ? [:] : try await transaction.foldStates(of: entities)
        var continued: [EntityKey: FoldState] = [:]
        for (key, state) in saved {
            if let events = fresh[key], let next = state.continued(with: Array(events.values)) { continued[key] = next }
        }
        let replayed = entities.filter { continued[$0] == nil }
        let histories = replayed.isEmpty ? [:] : try await transaction.loggedEnvelopes(
            of: replayed, known: fresh.filter { continued[$0.key] == nil }.mapValues { Set($0.keys) }
        )
        var folded: [(key: EntityKey, record: MergedRecord, isNew: Bool, anchor: AnchorKey, touch: EntityTouches.Touch)] = []
        folded.reserveCapacity(entities.count)  // grown by doubling, it would peak at 1.5 times its size
        var states: [(key: EntityKey, state: FoldState?)] = []
        var candidates: [AnchorKey: EpochMillis] = [:]
        for key in entities {
            guard let touch = touches[key] else { continue }
            let state: FoldState?
            let isNew: Bool
            // A trace edit folds after every other event, so a state holding one cannot be
            // continued by appending; `FoldState.continued` refuses new ones.
            var canContinue = true
            if let next = continued[key] {
                (state, isNew) = (next, false)
            } else {
                let (events, new) = try decode(histories[key] ?? [], of: key, fresh: fresh[key] ?? [:])
                (state, isNew) = (Self.state(folding: events, of: key.entity.kind), new)
                canContinue = !events.contains { $0.patch.isTraceEdit }
            }
            guard let state else { continue }
            if state.eventCount >= foldStateThreshold && canContinue {
                states.append((key, state))
            } else if saved[key] != nil {
                states.append((key, nil))
            }
            let anchor = AnchorKey(projectId: key.projectId, anchor: partitionAnchor(of: key.entity, record: state.record))
            folded.append((key, state.record, isNew, anchor, touch))
            candidates[anchor] = min(candidates[anchor] ?? touch.first, touch.first)
        }
        if !states.isEmpty { try await transaction.saveFoldStates(states) }
        let firstSeen = try await transaction.firstSeen(candidates)
        let prices = entities.contains { $0.entity.kind == .observation } ? try await transaction.priceBook() : .empty
        var writes: [RowWrite] = []
        writes.reserveCapacity(folded.count)
        for entry in folded {
            let partition = PartitionTime(createdAt: firstSeen[entry.anchor] ?? entry.touch.first)
            if let row = row(entry.key, entry.record, partition: partition, updatedAt: entry.touch.last, prices: prices) {
                writes.append(RowWrite(row, isNew: entry.isNew, sdk: entry.touch.sdk))
            }
        }
        _ = consume folded
        try await transaction.write(writes)
    }

    /// All of an entity's events folded, as a state to continue from; nil without events.
    private static func state(folding events: [NormalisedEvent], of kind: EntityKind) -> FoldState? {
        guard let last = events.map(\.foldPosition).max() else { return nil }
        return FoldState(record: RecordMerger.fold(kind, events), eventCount: events.count, last: last)
    }

    /// An entity's events: those this transaction logged as they were decoded, the others parsed
    /// from their logged text. The row is new when every event is one of this transaction's.
    private static func decode(
        _ envelopes: [LoggedEnvelope], of key: EntityKey, fresh: [String: NormalisedEvent]
    ) throws -> ([NormalisedEvent], isNew: Bool) {
        var events: [NormalisedEvent] = []
        var isNew = true
        for envelope in envelopes {
            if let event = fresh[envelope.envelopeId] {
                events.append(event)
                continue
            }
            isNew = false
            guard let text = envelope.text, let parsed = JSONValue.parseStored(text),
                  case .success(let event) = EventNormaliser.normaliseStored(parsed, text: text)
            else {
                // Every logged event was valid when it was accepted; refusing it now would be a
                // bug, and folding without it would silently lose data.
                throw StoreError("logged event \(envelope.envelopeId) of \(key.entity.kind.rawValue) \(key.entity.id) can no longer be read; run `langfarm rebuild` after fixing the cause")
            }
            events.append(event)
        }
        return (events, isNew)
    }

    /// The row an entity's folded record makes, or a deleted score.
    private static func row(
        _ key: EntityKey, _ record: MergedRecord, partition: PartitionTime, updatedAt: EpochMillis, prices: PriceBook
    ) -> RowWrite.Row? {
        switch record {
        case .trace(let trace):
            return RowBuilder.trace(trace, projectId: key.projectId, partition: partition, updatedAt: updatedAt).map { .trace($0) }
        case .observation(let observation):
            return RowBuilder.observation(observation, projectId: key.projectId, partition: partition, updatedAt: updatedAt, prices: prices)
                .map { .observation($0) }
        case .score(_, isDeleted: true):
            return .scoreDeleted(projectId: key.projectId, id: key.entity.id)
        case .score(let score, isDeleted: false):
            return RowBuilder.score(score, projectId: key.projectId, partition: partition, updatedAt: updatedAt).map { .score($0) }
        }
    }

    /// The batches' events as they are logged, with their batch's arrival. A score deletion or
    /// trace edit applies to the row as it stands when it is committed, even if the client's
    /// clock stamped its events ahead of the server's: it is stamped after every event its
    /// entity logged before it, earlier in this group commit included.
    private static func restampedEvents(
        of batches: [EventBatch], in transaction: some ProjectionTransaction
    ) async throws -> [(key: EntityKey, event: NormalisedEvent, receivedAt: EpochMillis)] {
        var edited: Set<EntityKey> = []
        for batch in batches {
            for event in batch.events where event.type.isWrittenByLangfarm {
                if let entity = event.entity { edited.insert(EntityKey(projectId: batch.projectId, entity: entity)) }
            }
        }
        var latest = edited.isEmpty ? [:] : try await transaction.latestEventTimestamps(of: edited.sorted())
        var events: [(key: EntityKey, event: NormalisedEvent, receivedAt: EpochMillis)] = []
        events.reserveCapacity(batches.reduce(0) { $0 + $1.events.count })
        for batch in batches {
            for original in batch.events {
                guard let entity = original.entity else { continue }
                let key = EntityKey(projectId: batch.projectId, entity: entity)
                let event = original.type.isWrittenByLangfarm ? restamped(original, after: latest[key]) : original
                if edited.contains(key) { latest[key] = max(latest[key] ?? event.timestamp, event.timestamp) }
                events.append((key, event, batch.receivedAt))
            }
        }
        return events
    }

    /// An event as the log keeps it.
    private static func logged(_ event: NormalisedEvent, of key: EntityKey, receivedAt: EpochMillis) -> LoggedEvent {
        LoggedEvent(
            projectId: key.projectId, envelopeId: event.envelopeId, eventType: event.type.rawValue,
            entityKind: key.entity.kind.rawValue, entityId: key.entity.id, eventTimestamp: event.timestamp,
            receivedAt: receivedAt, envelope: event.rawText
        )
    }

    /// `event` stamped one millisecond after `latest`, if it is not later already.
    static func restamped(_ event: NormalisedEvent, after latest: EpochMillis?) -> NormalisedEvent {
        guard let latest, latest >= event.timestamp, case .object(var members)? = event.envelope else { return event }
        members["timestamp"] = .string(ISO8601.format(latest + 1))
        guard case .success(let restamped) = EventNormaliser.normaliseStored(.object(members)) else { return event }
        return restamped
    }

    /// Rows are partitioned by their trace's first-seen time; a score without a trace (a session
    /// or dataset-run score) by its own.
    static func partitionAnchor(of entity: EntityRef, record: MergedRecord) -> PartitionAnchor {
        switch record {
        case .trace: return PartitionAnchor(kind: .trace, id: entity.id)
        case .observation(let observation): return PartitionAnchor(kind: .trace, id: RowBuilder.traceId(of: observation, observationId: entity.id))
        case .score(let score, _): return score.traceId.value.map { PartitionAnchor(kind: .trace, id: $0) } ?? PartitionAnchor(kind: .score, id: entity.id)
        }
    }
}

/// Which batches of a group commit touched each entity: the first one's arrival is the
/// candidate first-seen time of the entity's anchor, the last one's is the row's update time
/// and names the client in the change feed.
struct EntityTouches {
    struct Touch {
        var first: EpochMillis
        var last: EpochMillis
        var sdk: SDKIdentity?
    }

    /// Entities in the order they were first touched.
    private(set) var order: [EntityKey] = []
    private var touches: [EntityKey: Touch] = [:]

    subscript(key: EntityKey) -> Touch? { touches[key] }

    mutating func touch(_ key: EntityKey, by batch: EventBatch) {
        touch(key, at: batch.receivedAt, sdk: batch.sdk)
    }

    mutating func touch(_ key: EntityKey, at time: EpochMillis, sdk: SDKIdentity?) {
        if touches[key] == nil {
            order.append(key)
            touches[key] = Touch(first: time, last: time, sdk: sdk)
        } else {
            touches[key]?.last = time
            touches[key]?.sdk = sdk
        }
    }
}
