import LangfarmCore

/// The operations a store offers inside one write transaction, so that the projection logic
/// (log → fold → row) is written once and shared by every store.
public protocol ProjectionTransaction {
    /// Appends an event to the log; returns `false` if its entity already logged its envelope id.
    func appendEvent(_ event: LoggedEvent) throws -> Bool
    /// The envelope ids logged for one entity.
    func loggedEnvelopeIds(projectId: String, entity: EntityRef) throws -> [String]
    /// The JSON text of one logged envelope of an entity.
    func loggedEnvelope(projectId: String, entity: EntityRef, envelopeId: String) throws -> String?
    /// The latest envelope timestamp logged for an entity.
    func latestEventTimestamp(projectId: String, entity: EntityRef) throws -> EpochMillis?
    /// The first-seen time of an anchor; records `candidate` if it is new.
    func firstSeen(projectId: String, anchor: PartitionAnchor, candidate: EpochMillis) throws -> EpochMillis
    /// Writes a row; `isNew` says the row cannot exist yet (every event of its entity is in the
    /// batch being applied), which spares the store a lookup.
    func writeTrace(_ row: TraceRow, isNew: Bool) throws
    func writeObservation(_ row: ObservationRow, isNew: Bool) throws
    func writeScore(_ row: ScoreRow, isNew: Bool) throws
    func deleteScore(projectId: String, id: String) throws
    /// The model definitions that price observations committed in this transaction.
    func priceBook() throws -> PriceBook
}

/// Projects events into rows: appends them to the event log, then refolds each touched entity
/// from all of its logged events. Refolding from the log is what makes out-of-order delivery and
/// split batches give the same rows as in-order delivery.
public enum Projector {
    public static func apply(_ batch: EventBatch, in transaction: some ProjectionTransaction) throws {
        var fresh: [EntityRef: [String: NormalisedEvent]] = [:]
        var touched: [EntityRef] = []
        for original in batch.events {
            guard let entity = original.entity else { continue }
            let event = try original.type.isWrittenByLangfarm
                ? orderedAfterLoggedEvents(original, entity: entity, projectId: batch.projectId, in: transaction)
                : original
            let logged = LoggedEvent(
                projectId: batch.projectId, envelopeId: event.envelopeId, eventType: event.type.rawValue,
                entityKind: entity.kind.rawValue, entityId: entity.id, eventTimestamp: event.timestamp,
                receivedAt: batch.receivedAt, envelope: event.rawText
            )
            guard try transaction.appendEvent(logged) else { continue }
            if fresh[entity] == nil { touched.append(entity) }
            fresh[entity, default: [:]][event.envelopeId] = event
        }
        for entity in touched {
            try refold(entity, projectId: batch.projectId, at: batch.receivedAt, known: fresh[entity] ?? [:], in: transaction)
        }
    }

    /// A score deletion or trace edit applies to the row as it stands when it is committed, even
    /// if the client's clock stamped its events ahead of the server's: it is stamped after every
    /// event already logged for its entity.
    static func orderedAfterLoggedEvents(
        _ event: NormalisedEvent, entity: EntityRef, projectId: String, in transaction: some ProjectionTransaction
    ) throws -> NormalisedEvent {
        guard let latest = try transaction.latestEventTimestamp(projectId: projectId, entity: entity), latest >= event.timestamp,
              case .object(var members) = event.raw
        else { return event }
        members["timestamp"] = .string(ISO8601.format(latest + 1))
        guard case .success(let restamped) = EventNormaliser.normaliseStored(.object(members)) else { return event }
        return restamped
    }

    /// Recomputes one entity's row from its logged events. `known` holds the entity's
    /// already-decoded events by envelope id, so that events of the current batch are not
    /// parsed twice.
    public static func refold(
        _ entity: EntityRef, projectId: String, at time: EpochMillis,
        known: [String: NormalisedEvent] = [:], in transaction: some ProjectionTransaction
    ) throws {
        var events: [NormalisedEvent] = []
        // A row exists only once events of its entity were applied: when every logged event is
        // one of this batch's, the row is new.
        var isNew = true
        for envelopeId in try transaction.loggedEnvelopeIds(projectId: projectId, entity: entity) {
            if let event = known[envelopeId] {
                events.append(event)
                continue
            }
            isNew = false
            guard let text = try transaction.loggedEnvelope(projectId: projectId, entity: entity, envelopeId: envelopeId),
                  let envelope = JSONValue.parseStored(text),
                  case .success(let event) = EventNormaliser.normaliseStored(envelope, text: text)
            else {
                // Every logged event was valid when it was accepted; refusing it now would be a
                // bug, and folding without it would silently lose data.
                throw StoreError("logged event \(envelopeId) of \(entity.kind.rawValue) \(entity.id) can no longer be read; run `langfarm rebuild` after fixing the cause")
            }
            events.append(event)
        }
        let record = RecordMerger.fold(entity.kind, events)
        let anchor = partitionAnchor(of: entity, record: record)
        let partition = PartitionTime(createdAt: try transaction.firstSeen(projectId: projectId, anchor: anchor, candidate: time))
        switch entity.kind {
        case .trace:
            if let row = RowBuilder.trace(record, projectId: projectId, partition: partition, updatedAt: time) {
                try transaction.writeTrace(row, isNew: isNew)
            }
        case .observation:
            if let row = RowBuilder.observation(
                record, projectId: projectId, partition: partition, updatedAt: time, prices: try transaction.priceBook()
            ) {
                try transaction.writeObservation(row, isNew: isNew)
            }
        case .score:
            if record["is_deleted"] == .bool(true) {
                try transaction.deleteScore(projectId: projectId, id: entity.id)
            } else if let row = RowBuilder.score(record, projectId: projectId, partition: partition, updatedAt: time) {
                try transaction.writeScore(row, isNew: isNew)
            }
        }
    }

    /// Rows are partitioned by their trace's first-seen time; a score without a trace (a session
    /// or dataset-run score) by its own.
    static func partitionAnchor(of entity: EntityRef, record: Record) -> PartitionAnchor {
        switch entity.kind {
        case .trace: return PartitionAnchor(kind: .trace, id: entity.id)
        case .observation: return PartitionAnchor(kind: .trace, id: RowBuilder.traceId(of: record, observationId: entity.id))
        case .score: return record["trace_id"]?.stringValue.map { PartitionAnchor(kind: .trace, id: $0) } ?? PartitionAnchor(kind: .score, id: entity.id)
        }
    }
}

/// What a row's partition time is the first-seen time of: its trace, or a traceless score.
public struct PartitionAnchor: Hashable, Sendable {
    public enum Kind: String, Sendable {
        case trace
        case score
    }

    public let kind: Kind
    public let id: String
}
