import LangfarmCore
import LangfarmStore
import Logging
import PostgresNIO

/// The projection operations on one PostgreSQL transaction, each one statement (two for the
/// anchors) for the whole group commit. `PostgresStore.projectionWrite` opens it holding the
/// projection lock, so no other server's projection runs meanwhile.
///
/// Used by one task at a time, the projector's, through its steps: hence `@unchecked Sendable`.
final class PostgresProjectionTransaction: ProjectionTransaction, @unchecked Sendable {
    let connection: PostgresConnection
    let logger: Logger
    /// Records each row change for the change feed; nil while the feed is off.
    let recorder: PostgresChangeRecorder?
    /// Whether `rebuild` is refolding the rows rather than ingestion writing them.
    let rebuilding: Bool
    private let prices: PostgresPriceBookCache
    private var cachedPriceBook: PriceBook?

    init(connection: PostgresConnection, logger: Logger, recorder: PostgresChangeRecorder?, rebuilding: Bool, prices: PostgresPriceBookCache) {
        self.connection = connection
        self.logger = logger
        self.recorder = recorder
        self.rebuilding = rebuilding
        self.prices = prices
    }

    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await connection.rows(query, logger: logger)
    }

    func latestEventTimestamps(of entities: [EntityKey]) async throws -> [EntityKey: EpochMillis] {
        let query = PostgresRowBatch.query(joining: [("wanted", Self.entityBatch(entities))]) { relations in
            """
            SELECT e.project_id, e.entity_kind, e.entity_id, MAX(e.event_ts) FROM events e
            JOIN \(relations[0]) ON (e.project_id, e.entity_kind, e.entity_id) = (wanted.project_id, wanted.entity_kind, wanted.entity_id)
            GROUP BY e.project_id, e.entity_kind, e.entity_id
            """
        }
        var latest: [EntityKey: EpochMillis] = [:]
        for row in try await rows(query) {
            let (projectId, kind, id, timestamp) = try row.decode((String, String, String, Int64).self)
            if let key = Self.entityKey(projectId, kind, id) { latest[key] = timestamp }
        }
        return latest
    }

    func appendEvents(_ events: [LoggedEvent]) async throws -> [Bool] {
        // A retry inside the group is the same envelope twice: only its first copy can be new.
        var firstCopies: Set<LoggedEventKey> = []
        let isFirstCopy = events.map { firstCopies.insert(LoggedEventKey($0)).inserted }
        let unique = zip(events, isFirstCopy).filter(\.1).map(\.0)
        var inserted: Set<LoggedEventKey> = []
        for row in try await rows(PostgresRowCoding.events(unique).insertNew(key: PostgresRowCoding.eventKey)) {
            let (projectId, kind, id, envelopeId) = try row.decode((String, String, String, String).self)
            inserted.insert(LoggedEventKey(projectId: projectId, entityKind: kind, entityId: id, envelopeId: envelopeId))
        }
        return zip(events, isFirstCopy).map { event, first in first && inserted.contains(LoggedEventKey(event)) }
    }

    func loggedEnvelopes(of entities: [EntityKey], known: [EntityKey: Set<String>]) async throws -> [EntityKey: [LoggedEnvelope]] {
        var knownBatch = PostgresRowBatch(table: "known")
        let knownEnvelopes = known.flatMap { key, ids in ids.map { (key, $0) } }
        knownBatch.add("project_id", "text", knownEnvelopes.map(\.0.projectId))
        knownBatch.add("entity_kind", "text", knownEnvelopes.map(\.0.entity.kind.rawValue))
        knownBatch.add("entity_id", "text", knownEnvelopes.map(\.0.entity.id))
        knownBatch.add("envelope_id", "text", knownEnvelopes.map(\.1))
        let query = PostgresRowBatch.query(joining: [("wanted", Self.entityBatch(entities)), ("known", knownBatch)]) { relations in
            """
            SELECT e.project_id, e.entity_kind, e.entity_id, e.envelope_id, CASE WHEN known.envelope_id IS NULL THEN e.envelope END
            FROM events e
            JOIN \(relations[0]) ON (e.project_id, e.entity_kind, e.entity_id) = (wanted.project_id, wanted.entity_kind, wanted.entity_id)
            LEFT JOIN \(relations[1]) ON (e.project_id, e.entity_kind, e.entity_id, e.envelope_id)
                = (known.project_id, known.entity_kind, known.entity_id, known.envelope_id)
            """
        }
        var envelopes: [EntityKey: [LoggedEnvelope]] = [:]
        for row in try await rows(query) {
            let (projectId, kind, id, envelopeId, text) = try row.decode((String, String, String, String, String?).self)
            if let key = Self.entityKey(projectId, kind, id) {
                envelopes[key, default: []].append(LoggedEnvelope(envelopeId: envelopeId, text: text))
            }
        }
        return envelopes
    }

    func foldStates(of entities: [EntityKey]) async throws -> [EntityKey: FoldState] {
        let query = PostgresRowBatch.query(joining: [("wanted", Self.entityBatch(entities))]) { relations in
            """
            SELECT f.project_id, f.entity_kind, f.entity_id, f.event_count, f.last_timestamp, f.last_is_update, f.last_envelope_id, f.record
            FROM fold_states f
            JOIN \(relations[0]) ON (f.project_id, f.entity_kind, f.entity_id) = (wanted.project_id, wanted.entity_kind, wanted.entity_id)
            """
        }
        var states: [EntityKey: FoldState] = [:]
        for row in try await rows(query) {
            let (projectId, kind, id, count, timestamp, isUpdate, envelopeId, text) = try row.decode(
                (String, String, String, Int64, Int64, Bool, String, String).self
            )
            guard let key = Self.entityKey(projectId, kind, id), let record = MergedRecord(storedText: text, kind: key.entity.kind) else { continue }
            states[key] = FoldState(record: record, eventCount: Int(count), last: FoldPosition(timestamp: timestamp, isUpdate: isUpdate, envelopeId: envelopeId))
        }
        return states
    }

    func saveFoldStates(_ states: [(key: EntityKey, state: FoldState?)]) async throws {
        let saved = states.compactMap { entry in entry.state.map { (entry.key, $0) } }
        if !saved.isEmpty {
            var batch = PostgresRowBatch(table: "fold_states")
            batch.add("project_id", "text", saved.map(\.0.projectId))
            batch.add("entity_kind", "text", saved.map(\.0.entity.kind.rawValue))
            batch.add("entity_id", "text", saved.map(\.0.entity.id))
            batch.add("event_count", "bigint", saved.map { Int64($0.1.eventCount) })
            batch.add("last_timestamp", "bigint", saved.map(\.1.last.timestamp))
            batch.add("last_is_update", "boolean", saved.map(\.1.last.isUpdate))
            batch.add("last_envelope_id", "text", saved.map(\.1.last.envelopeId))
            batch.add("record", "text", saved.map(\.1.record.storedText))
            try await rows(batch.upsert(key: ["project_id", "entity_kind", "entity_id"]))
        }
        let removed = states.filter { $0.state == nil }.map(\.key)
        if !removed.isEmpty {
            let query = PostgresRowBatch.query(joining: [("gone", Self.entityBatch(removed))]) { relations in
                """
                DELETE FROM fold_states f USING \(relations[0])
                WHERE (f.project_id, f.entity_kind, f.entity_id) = (gone.project_id, gone.entity_kind, gone.entity_id)
                """
            }
            try await rows(query)
        }
    }

    func firstSeen(_ candidates: [AnchorKey: EpochMillis]) async throws -> [AnchorKey: EpochMillis] {
        let anchors = candidates.sorted { $0.key < $1.key }
        var batch = PostgresRowBatch(table: "partition_anchors")
        batch.add("project_id", "text", anchors.map(\.key.projectId))
        batch.add("anchor_kind", "text", anchors.map(\.key.anchor.kind.rawValue))
        batch.add("anchor", "text", anchors.map(\.key.anchor.id))
        batch.add("first_seen", "bigint", anchors.map(\.value))
        try await rows(batch.insertNew(key: ["project_id", "anchor_kind", "anchor"]))
        let query = PostgresRowBatch.query(joining: [("wanted", batch)]) { relations in
            """
            SELECT a.project_id, a.anchor_kind, a.anchor, a.first_seen FROM partition_anchors a
            JOIN \(relations[0]) ON (a.project_id, a.anchor_kind, a.anchor) = (wanted.project_id, wanted.anchor_kind, wanted.anchor)
            """
        }
        var times: [AnchorKey: EpochMillis] = [:]
        for row in try await rows(query) {
            let (projectId, kind, id, firstSeen) = try row.decode((String, String, String, Int64).self)
            if let kind = PartitionAnchor.Kind(rawValue: kind) {
                times[AnchorKey(projectId: projectId, anchor: PartitionAnchor(kind: kind, id: id))] = firstSeen
            }
        }
        return times
    }

    func priceBook() async throws -> PriceBook {
        if let cachedPriceBook { return cachedPriceBook }
        let book = try await prices.current(on: connection, logger: logger)
        cachedPriceBook = book
        return book
    }

    func write(_ writes: [RowWrite]) async throws {
        var traces: [(row: TraceRow, version: Int64?)] = []
        var observations: [(row: ObservationRow, version: Int64?)] = []
        var scores: [(row: ScoreRow, version: Int64?)] = []
        var deletedScores: [(projectId: String, id: String, sdk: SDKIdentity?)] = []
        for write in writes {
            switch write.row {
            case .trace(let row): traces.append((row, recorder?.record(.trace(row, deleted: false), sdk: write.sdk)))
            case .observation(let row): observations.append((row, recorder?.record(.observation(row, deleted: false), sdk: write.sdk)))
            case .score(let row): scores.append((row, recorder?.record(.score(row, deleted: false), sdk: write.sdk)))
            case .scoreDeleted(let projectId, let id): deletedScores.append((projectId, id, write.sdk))
            }
        }
        if !traces.isEmpty {
            try await rows(PostgresRowCoding.traces(traces).upsert(key: PostgresRowCoding.key))
            if let sessions = PostgresSessions.create(for: traces.map(\.row), rebuilding: rebuilding) { try await rows(sessions) }
        }
        if !observations.isEmpty {
            var aggregates = TraceAggregateChanges()
            let stored = try await storedContributions(of: observations.map(\.row))
            for (row, _) in observations {
                aggregates.observationWritten(
                    to: TraceKey(projectId: row.projectId, traceId: row.traceId),
                    TraceAggregateDelta.Contribution(level: row.level, measures: ObservationMeasures(row), start: row.startTime, end: row.endTime),
                    replacing: stored[ObservationKey(projectId: row.projectId, id: row.id)]
                )
            }
            try await rows(PostgresRowCoding.observations(observations).upsert(key: PostgresRowCoding.key))
            try await updateAggregates(aggregates)
        }
        if !scores.isEmpty { try await rows(PostgresRowCoding.scores(scores).upsert(key: PostgresRowCoding.key)) }
        for deletion in deletedScores {
            let deleted = try await rows("""
                DELETE FROM scores WHERE project_id = \(deletion.projectId) AND id = \(deletion.id)
                RETURNING \(unescaped: PostgresRowCoding.scoreColumns)
                """)
            if let recorder, var row = try deleted.first.map(PostgresRowCoding.score) {
                row.updatedAt = recorder.committedAt
                recorder.record(.score(row, deleted: true), sdk: deletion.sdk)
            }
        }
    }

    /// What the stored copies of `observations` (those stored already) contribute to their
    /// traces' aggregates, and to which trace.
    private func storedContributions(of observations: [ObservationRow]) async throws
        -> [ObservationKey: (traceId: String, contribution: TraceAggregateDelta.Contribution)]
    {
        let query: BoundSQL = """
            SELECT o.project_id, o.id, o.trace_id, o.level, o.input_tokens, o.output_tokens, o.total_tokens,
                o.input_cost, o.output_cost, o.total_cost::float8, o.start_time, o.end_time
            FROM observations o
            JOIN unnest(\(observations.map(\.projectId))::text[], \(observations.map(\.id))::text[]) AS written (project_id, id)
                ON o.project_id = written.project_id AND o.id = written.id
            """
        var stored: [ObservationKey: (traceId: String, contribution: TraceAggregateDelta.Contribution)] = [:]
        for row in try await rows(query.query) {
            let (projectId, id, traceId, level, inputTokens, outputTokens, totalTokens, inputCost, outputCost, totalCost, start, end) =
                try row.decode((String, String, String, String, Double, Double, Double, Double, Double, Double?, Int64, Int64?).self)
            let measures = ObservationMeasures(
                inputTokens: inputTokens, outputTokens: outputTokens, totalTokens: totalTokens,
                inputCost: inputCost, outputCost: outputCost, totalCost: totalCost
            )
            stored[ObservationKey(projectId: projectId, id: id)] =
                (traceId, TraceAggregateDelta.Contribution(level: level, measures: measures, start: start, end: end))
        }
        return stored
    }

    /// Adds the deltas to the traces' aggregates, and recomputes those of the other traces
    /// touched (and of traces whose row has no span yet) from their observations.
    private func updateAggregates(_ aggregates: TraceAggregateChanges) async throws {
        var refreshed = aggregates.refreshedTraces
        let added = aggregates.added
        if !added.isEmpty {
            let updated = Set(try await rows(PostgresTraceAggregates.add(added)).map { row in
                let (projectId, traceId) = try row.decode((String, String).self)
                return TraceKey(projectId: projectId, traceId: traceId)
            })
            refreshed.formUnion(added.keys.filter { !updated.contains($0) })
        }
        if !refreshed.isEmpty { try await rows(PostgresTraceAggregates.refresh(refreshed)) }
    }

    /// Keys of entities as a batch, to join with.
    private static func entityBatch(_ entities: [EntityKey]) -> PostgresRowBatch {
        var batch = PostgresRowBatch(table: "entities")
        batch.add("project_id", "text", entities.map(\.projectId))
        batch.add("entity_kind", "text", entities.map(\.entity.kind.rawValue))
        batch.add("entity_id", "text", entities.map(\.entity.id))
        return batch
    }

    private static func entityKey(_ projectId: String, _ kind: String, _ id: String) -> EntityKey? {
        EntityKind(rawValue: kind).map { EntityKey(projectId: projectId, entity: EntityRef(kind: $0, id: id)) }
    }
}

/// What makes a logged event unique: its entity and envelope id.
private struct LoggedEventKey: Hashable {
    let projectId: String
    let entityKind: String
    let entityId: String
    let envelopeId: String

    init(projectId: String, entityKind: String, entityId: String, envelopeId: String) {
        self.projectId = projectId
        self.entityKind = entityKind
        self.entityId = entityId
        self.envelopeId = envelopeId
    }

    init(_ event: LoggedEvent) {
        self.init(projectId: event.projectId, entityKind: event.entityKind, entityId: event.entityId, envelopeId: event.envelopeId)
    }
}

/// An observation of a project, by id.
private struct ObservationKey: Hashable {
    let projectId: String
    let id: String
}
