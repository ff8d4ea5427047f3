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
    /// The first-seen time of an anchor (a trace id); records `candidate` if it is new.
    func firstSeen(projectId: String, anchor: String, candidate: EpochMillis) throws -> EpochMillis
    func writeTrace(_ row: TraceRow) throws
    func writeObservation(_ row: ObservationRow) throws
    func writeScore(_ row: ScoreRow) throws
    func deleteScore(projectId: String, id: String) throws
}

/// Projects events into rows: appends them to the event log, then refolds each touched entity
/// from all of its logged events. Refolding from the log is what makes out-of-order delivery and
/// split batches give the same rows as in-order delivery.
public enum Projector {
    public static func apply(_ batch: EventBatch, in transaction: some ProjectionTransaction) throws {
        var fresh: [EntityRef: [String: NormalisedEvent]] = [:]
        var touched: [EntityRef] = []
        for event in batch.events {
            guard let entity = event.entity else { continue }
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

    /// Recomputes one entity's row from its logged events. `known` holds the entity's
    /// already-decoded events by envelope id, so that events of the current batch are not
    /// parsed twice.
    public static func refold(
        _ entity: EntityRef, projectId: String, at time: EpochMillis,
        known: [String: NormalisedEvent] = [:], in transaction: some ProjectionTransaction
    ) throws {
        var events: [NormalisedEvent] = []
        for envelopeId in try transaction.loggedEnvelopeIds(projectId: projectId, entity: entity) {
            if let event = known[envelopeId] {
                events.append(event)
            } else if let text = try transaction.loggedEnvelope(projectId: projectId, entity: entity, envelopeId: envelopeId),
                      let envelope = JSONValue.parseStored(text),
                      case .success(let event) = EventNormaliser.normaliseStored(envelope, text: text) {
                events.append(event)
            } else {
                // Every logged event was valid when it was accepted; refusing it now would be a
                // bug, and folding without it would silently lose data.
                throw StoreError("logged event \(envelopeId) of \(entity.kind.rawValue) \(entity.id) can no longer be read; run `langfarm rebuild` after fixing the cause")
            }
        }
        let record = RecordMerger.fold(entity.kind, events)
        let anchor = partitionAnchor(of: entity, record: record)
        let partition = PartitionTime(createdAt: try transaction.firstSeen(projectId: projectId, anchor: anchor, candidate: time))
        switch entity.kind {
        case .trace:
            if let row = RowBuilder.trace(record, projectId: projectId, partition: partition, updatedAt: time) {
                try transaction.writeTrace(row)
            }
        case .observation:
            if let row = RowBuilder.observation(record, projectId: projectId, partition: partition, updatedAt: time) {
                try transaction.writeObservation(row)
            }
        case .score:
            if record["is_deleted"] == .bool(true) {
                try transaction.deleteScore(projectId: projectId, id: entity.id)
            } else if let row = RowBuilder.score(record, projectId: projectId, partition: partition, updatedAt: time) {
                try transaction.writeScore(row)
            }
        }
    }

    /// Rows are partitioned by their trace's first-seen time; a score without a trace (a session
    /// or dataset-run score) by its own.
    static func partitionAnchor(of entity: EntityRef, record: Record) -> String {
        switch entity.kind {
        case .trace: return entity.id
        case .observation: return RowBuilder.traceId(of: record, observationId: entity.id)
        case .score: return record["trace_id"]?.stringValue ?? "score:\(entity.id)"
        }
    }
}
