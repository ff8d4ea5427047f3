import GRDB
import LangfarmCore

/// The projection operations on one SQLite write transaction, which spans several accesses to
/// the writer connection, one per operation: `SQLiteStore.projectionWrite` begins it, keeps
/// every other write out until it ends (`AsyncLock`), and commits or rolls it back.
///
/// Its state (the change recorder, the read model, the caches) is only touched inside those
/// accesses, which run one at a time on the writer's queue: hence `@unchecked Sendable`.
final class SQLiteProjectionTransaction: ProjectionTransaction, @unchecked Sendable {
    private let pool: DatabasePool
    private let prices: PriceBookCache
    /// Records each row change in the outbox; nil while the change feed is off.
    let recorder: SQLiteChangeRecorder?
    /// Keeps what lists and metrics read besides the rows current.
    let readModel: SQLiteReadModelWriter
    /// First-seen times already resolved in this transaction: the events of one request mostly
    /// share one trace, so its anchor is looked up once instead of once per entity.
    private var firstSeenTimes: [AnchorKey: EpochMillis] = [:]
    private var cachedPriceBook: PriceBook?

    init(pool: DatabasePool, prices: PriceBookCache, recorder: SQLiteChangeRecorder?, readModel: SQLiteReadModelWriter) {
        self.pool = pool
        self.prices = prices
        self.recorder = recorder
        self.readModel = readModel
    }

    /// Runs `body` on the writer connection, inside this transaction, on the calling thread.
    ///
    /// Synchronously, although the operations are `async`: the writer connection is idle while
    /// the transaction holds the store's write lock, so GRDB runs `body` at once, and an async
    /// access would move each of the transaction's steps to another thread and back. Under load
    /// every such hop waits for a thread busy with requests, and the one serial path that every
    /// commit takes grew by those waits (docs/PERFORMANCE.md, "Store seam"). Only the commit,
    /// which waits for the disk, is awaited (`SQLiteStore.projectionWrite`).
    func access<Value>(_ body: (Database) throws -> Value) throws -> Value {
        try pool.writeWithoutTransaction(body)
    }

    func latestEventTimestamps(of entities: [EntityKey]) async throws -> [EntityKey: EpochMillis] {
        try access { db in
            let statement = try db.cachedStatement(
                sql: "SELECT MAX(event_ts) FROM events WHERE project_id = ? AND entity_kind = ? AND entity_id = ?"
            )
            var latest: [EntityKey: EpochMillis] = [:]
            for key in entities {
                latest[key] = try EpochMillis.fetchOne(statement, arguments: [key.projectId, key.entity.kind.rawValue, key.entity.id])
            }
            return latest
        }
    }

    func appendEvents(_ events: [LoggedEvent]) async throws -> [Bool] {
        try access { db in
            let statement = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO events (project_id, envelope_id, event_type, entity_kind, entity_id, event_ts, received_at, envelope)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            return try events.map { event in
                try statement.execute(arguments: [
                    event.projectId, event.envelopeId, event.eventType, event.entityKind, event.entityId,
                    event.eventTimestamp, event.receivedAt, event.envelope,
                ])
                return db.changesCount > 0
            }
        }
    }

    func loggedEnvelopes(of entities: [EntityKey], known: [EntityKey: Set<String>]) async throws -> [EntityKey: [LoggedEnvelope]] {
        try access { db in
            let ids = try db.cachedStatement(sql: "SELECT envelope_id FROM events WHERE project_id = ? AND entity_kind = ? AND entity_id = ?")
            let texts = try db.cachedStatement(
                sql: "SELECT envelope FROM events WHERE project_id = ? AND entity_kind = ? AND entity_id = ? AND envelope_id = ?"
            )
            var envelopes: [EntityKey: [LoggedEnvelope]] = [:]
            for key in entities {
                let entity: StatementArguments = [key.projectId, key.entity.kind.rawValue, key.entity.id]
                let known = known[key] ?? []
                envelopes[key] = try String.fetchAll(ids, arguments: entity).map { id in
                    LoggedEnvelope(envelopeId: id, text: known.contains(id) ? nil : try String.fetchOne(texts, arguments: entity + [id]))
                }
            }
            return envelopes
        }
    }

    func foldStates(of entities: [EntityKey]) async throws -> [EntityKey: FoldState] {
        try access { db in
            let select = try db.cachedStatement(sql: """
                SELECT event_count, last_timestamp, last_is_update, last_envelope_id, record FROM fold_states
                WHERE project_id = ? AND entity_kind = ? AND entity_id = ?
                """)
            var states: [EntityKey: FoldState] = [:]
            for key in entities {
                guard let row = try Row.fetchOne(select, arguments: [key.projectId, key.entity.kind.rawValue, key.entity.id]),
                      let record = MergedRecord(storedText: row[4], kind: key.entity.kind)
                else { continue }
                states[key] = FoldState(
                    record: record, eventCount: row[0],
                    last: FoldPosition(timestamp: row[1], isUpdate: row[2], envelopeId: row[3])
                )
            }
            return states
        }
    }

    func saveFoldStates(_ states: [(key: EntityKey, state: FoldState?)]) async throws {
        try access { db in
            let save = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO fold_states
                    (project_id, entity_kind, entity_id, event_count, last_timestamp, last_is_update, last_envelope_id, record)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let remove = try db.cachedStatement(sql: "DELETE FROM fold_states WHERE project_id = ? AND entity_kind = ? AND entity_id = ?")
            for (key, state) in states {
                let entity: StatementArguments = [key.projectId, key.entity.kind.rawValue, key.entity.id]
                if let state {
                    try save.execute(arguments: entity + [
                        state.eventCount, state.last.timestamp, state.last.isUpdate, state.last.envelopeId, state.record.storedText,
                    ])
                } else {
                    try remove.execute(arguments: entity)
                }
            }
        }
    }

    func firstSeen(_ candidates: [AnchorKey: EpochMillis]) async throws -> [AnchorKey: EpochMillis] {
        try access { db in
            let insert = try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO partition_anchors (project_id, anchor_kind, anchor, first_seen) VALUES (?, ?, ?, ?)"
            )
            let select = try db.cachedStatement(
                sql: "SELECT first_seen FROM partition_anchors WHERE project_id = ? AND anchor_kind = ? AND anchor = ?"
            )
            var times: [AnchorKey: EpochMillis] = [:]
            for (key, candidate) in candidates {
                if let known = self.firstSeenTimes[key] {
                    times[key] = known
                    continue
                }
                let anchor: StatementArguments = [key.projectId, key.anchor.kind.rawValue, key.anchor.id]
                try insert.execute(arguments: anchor + [candidate])
                let time = db.changesCount > 0 ? candidate : try EpochMillis.fetchOne(select, arguments: anchor) ?? candidate
                self.firstSeenTimes[key] = time
                times[key] = time
            }
            return times
        }
    }

    func priceBook() async throws -> PriceBook {
        if let cachedPriceBook { return cachedPriceBook }
        let book = try access { db in try self.prices.current(in: db) }
        cachedPriceBook = book
        return book
    }

    func write(_ writes: [RowWrite]) async throws {
        try access { db in
            for write in writes {
                self.recorder?.sdk = write.sdk
                switch write.row {
                case .trace(let row): try self.writeTrace(row, isNew: write.isNew, in: db)
                case .observation(let row): try self.writeObservation(row, isNew: write.isNew, in: db)
                case .score(let row): try self.writeScore(row, isNew: write.isNew, in: db)
                case .scoreDeleted(let projectId, let id): try self.deleteScore(projectId: projectId, id: id, in: db)
                }
            }
        }
    }

    private func writeTrace(_ row: TraceRow, isNew: Bool, in db: Database) throws {
        let version = try recorder?.record(.trace(row, deleted: false))
        let columns = SQLiteRowCoding.columns(row, version: version)
        let previous = try SQLiteRowWriter.write(columns, isNew: isNew, in: db)
        try readModel.traceWritten(row, columns: columns, previous: previous)
    }

    private func writeObservation(_ row: ObservationRow, isNew: Bool, in db: Database) throws {
        let version = try recorder?.record(.observation(row, deleted: false))
        let context = try readModel.context(ofTrace: row.traceId, projectId: row.projectId)
        let measures = ObservationMeasures(row)
        let previous = try SQLiteRowWriter.write(
            SQLiteRowCoding.columns(row, measures: measures, trace: context, version: version), isNew: isNew, in: db
        )
        readModel.observationWritten(row, measures: measures, previous: previous)
    }

    private func writeScore(_ row: ScoreRow, isNew: Bool, in db: Database) throws {
        let version = try recorder?.record(.score(row, deleted: false))
        try SQLiteRowWriter.write(SQLiteRowCoding.columns(row, version: version), isNew: isNew, in: db)
    }

    private func deleteScore(projectId: String, id: String, in db: Database) throws {
        if let recorder, var row = try Row.fetchOne(
            db.cachedStatement(sql: SQLiteRowCoding.selectById(.score)), arguments: [projectId, id]
        ).map(SQLiteRowCoding.score) {
            row.updatedAt = recorder.committedAt
            try recorder.record(.score(row, deleted: true))
        }
        try db.cachedStatement(sql: "DELETE FROM scores WHERE project_id = ? AND id = ?").execute(arguments: [projectId, id])
    }
}
