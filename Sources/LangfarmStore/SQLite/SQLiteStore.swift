import Foundation
import GRDB
import LangfarmCore
import Synchronization

/// The embedded store: one SQLite file in WAL mode, written through GRDB.
///
/// Commits use `synchronous = FULL`, so an acknowledged batch survives a crash of the process
/// and of the machine; group commit keeps that affordable. Other processes (the `keys`
/// commands) may open the same file while the server runs: writers wait for each other.
///
/// `secure_delete` is on, whatever the SQLite build's default (Debian's is on, others' off):
/// what is deleted (deleted traces, replaced versions of rows, published outbox messages) is
/// overwritten in the database file, not left on free pages. With the outbox holding pointers
/// rather than copies of rows, it costs no measurable throughput (docs/PERFORMANCE.md).
public final class SQLiteStore: Store {
    let pool: DatabasePool
    let prices = PriceBookCache()
    /// Encodes the messages of row changes; without one, no change is recorded.
    let changeEncoder: (any ChangeEncoder)?
    /// The newest changes with their rows (staged while their transaction commits), which the
    /// relay reads without touching the disk.
    let recentChanges: RecentChanges
    private let lastRecorded = Atomic<Int64>(0)
    /// Commits since the planner statistics were last refreshed.
    private let commitsSinceAnalysis = Atomic<Int>(0)
    static let commitsBetweenAnalyses = 5_000

    public var lastRecordedSequence: Int64 { lastRecorded.load(ordering: .relaxed) }

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    /// With a `changeEncoder`, every committed row change is also recorded in the outbox while
    /// the change feed is enabled (`setChangeFeed(enabled:)`).
    public convenience init(path: String, changeEncoder: (any ChangeEncoder)? = nil) throws {
        try self.init(path: path, changeEncoder: changeEncoder, windowCapacity: 5_000)
    }

    /// `windowCapacity`: how many recent changes the relay can read from memory.
    init(path: String, changeEncoder: (any ChangeEncoder)?, windowCapacity: Int) throws {
        self.changeEncoder = changeEncoder
        recentChanges = RecentChanges(capacity: windowCapacity)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA secure_delete = ON")
            try db.execute(sql: "PRAGMA cache_size = -32768")
            SQLiteMetricsFunctions.register(in: db)
            SQLiteSearchFunctions.register(in: db)
            SQLiteIdSearch.register(in: db)
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try SQLiteSchema.migrator.migrate(pool)
        } catch {
            throw StoreError("cannot open the SQLite store at \(path): \(error)")
        }
        try rebuildReadModelIfNeeded()
        try pool.write { db in try Self.refreshPlannerStatistics(db) }
    }

    /// Rows written before the read model existed (an older Langfarm's store) get it from a
    /// rebuild, once, when the store is opened.
    private func rebuildReadModelIfNeeded() throws {
        let needed = try pool.read { db in try Bool.fetchOne(db, sql: "SELECT rebuild_needed FROM read_model_state WHERE id = 1") ?? false }
        guard needed else { return }
        let (_, lastSequence) = try pool.write { db in try self.rebuild(in: db) }
        if let lastSequence { lastRecorded.max(lastSequence, ordering: .relaxed) }
    }

    // MARK: Projects and keys

    public func upsertProject(_ project: Project) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO projects (id, name) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name",
                arguments: [project.id, project.name]
            )
        }
    }

    public func project(id: String) async throws -> Project? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT id, name FROM projects WHERE id = ?", arguments: [id])
                .map { Project(id: $0["id"], name: $0["name"]) }
        }
    }

    public func insertAPIKey(_ key: APIKeyRecord) async throws {
        do {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO api_keys (public_key, hashed_secret, display_secret, project_id, name, created_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [key.publicKey, key.hashedSecret, key.displaySecret, key.projectId, key.name, key.createdAt]
                )
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError("the key \(key.publicKey) (or its secret) already exists, or project \(key.projectId) does not")
        }
    }

    public func apiKey(publicKey: String) async throws -> APIKeyRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM api_keys WHERE public_key = ?", arguments: [publicKey]).map(SQLiteRowCoding.apiKey)
        }
    }

    public func apiKey(hashedSecret: String) async throws -> APIKeyRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM api_keys WHERE hashed_secret = ?", arguments: [hashedSecret])
                .map(SQLiteRowCoding.apiKey)
        }
    }

    public func apiKeys() async throws -> [APIKeyRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_keys ORDER BY created_at, public_key").map(SQLiteRowCoding.apiKey)
        }
    }

    public func revokeAPIKey(publicKey: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM api_keys WHERE public_key = ?", arguments: [publicKey])
            return db.changesCount > 0
        }
    }

    // MARK: Write path

    public func commit(_ batches: [EventBatch]) async throws {
        try await projectionWrite(at: EpochMillis.now) { transaction in
            for batch in batches {
                transaction.recorder?.sdk = batch.sdk
                try Projector.apply(batch, in: transaction)
            }
        }
    }

    /// Runs `body` in one write transaction with the projection operations, recording the row
    /// changes it makes in the outbox when the change feed is on, and bringing the read model
    /// up to date before the commit. The changes are staged in the in-memory window before the
    /// commit, and GRDB's end-of-transaction callbacks make them readable or discard them on the
    /// writer's queue, so that no other write comes in between (see `RecentChanges`).
    func projectionWrite<Value: Sendable>(
        at time: EpochMillis, _ body: @escaping @Sendable (SQLiteProjectionTransaction) throws -> Value
    ) async throws -> Value {
        let (value, lastSequence) = try await pool.write { db in try self.project(in: db, at: time, body) }
        if let lastSequence { lastRecorded.max(lastSequence, ordering: .relaxed) }
        return value
    }

    /// Refreshes the statistics SQLite's planner chooses indexes by (`ANALYZE` on a sample of
    /// each index, a few tens of milliseconds). Without them it guesses, and walked a project's
    /// whole time index to list one trace's observations.
    static func refreshPlannerStatistics(_ db: Database) throws {
        try db.execute(sql: "PRAGMA analysis_limit = 1000; ANALYZE;")
    }

    /// The body of `projectionWrite`, on the writer's connection inside its transaction.
    private func project<Value>(
        in db: Database, at time: EpochMillis, rebuilding: Bool = false, _ body: (SQLiteProjectionTransaction) throws -> Value
    ) throws -> (Value, Int64?) {
        let recorder = try SQLiteChangeRecorder.start(
            in: db, encoder: changeEncoder, at: time, retaining: recentChanges.capacity
        )
        let readModel = SQLiteReadModelWriter(db: db, at: time, rebuilding: rebuilding)
        let value = try body(SQLiteProjectionTransaction(db: db, prices: prices, recorder: recorder, readModel: readModel))
        try readModel.finish()
        if commitsSinceAnalysis.add(1, ordering: .relaxed).newValue >= Self.commitsBetweenAnalyses {
            commitsSinceAnalysis.store(0, ordering: .relaxed)
            try Self.refreshPlannerStatistics(db)
        }
        try recorder?.finish()
        let lastSequence = recorder?.recorded.last?.sequence
        if let recorder, let lastSequence {
            recentChanges.stage(recorder.recorded)
            db.afterNextTransaction(
                onCommit: { _ in self.recentChanges.commit(through: lastSequence) },
                onRollback: { _ in self.recentChanges.discardStaged() }
            )
        }
        return (value, lastSequence)
    }

    public func rebuild() async throws -> RebuildSummary {
        let (summary, lastSequence) = try await pool.write { db in try self.rebuild(in: db) }
        if let lastSequence { lastRecorded.max(lastSequence, ordering: .relaxed) }
        return summary
    }

    /// Clears every row and everything derived from rows (but sessions, which record when they
    /// were first ingested), then refolds each entity from the event log: traces first, so that
    /// their observations are written with their context.
    private func rebuild(in db: Database) throws -> (RebuildSummary, Int64?) {
        try db.execute(sql: """
            DELETE FROM traces; DELETE FROM observations; DELETE FROM scores;
            DELETE FROM trace_tags; DELETE FROM trace_metadata; DELETE FROM observation_rollups; DELETE FROM observation_day_rollups; DELETE FROM trace_counts; DELETE FROM trace_rollups;
            DELETE FROM user_hour_rollups; DELETE FROM user_day_rollups;
            DELETE FROM search_documents; DELETE FROM search_index; DELETE FROM search_backlog;
            DELETE FROM id_search_documents; DELETE FROM id_search_index;
            UPDATE read_model_state SET rebuild_needed = 0;
            """)
        return try project(in: db, at: EpochMillis.now, rebuilding: true) { transaction in
            let entities = try Row.fetchAll(db, sql: """
                SELECT project_id, entity_kind, entity_id, MAX(received_at) AS last_received
                FROM events GROUP BY project_id, entity_kind, entity_id
                ORDER BY entity_kind = 'trace' DESC, project_id, entity_kind, entity_id
                """)
            for entity in entities {
                guard let kind = EntityKind(rawValue: entity["entity_kind"]) else { continue }
                try Projector.refold(
                    EntityRef(kind: kind, id: entity["entity_id"]), projectId: entity["project_id"],
                    at: entity["last_received"], in: transaction
                )
            }
            func count(_ table: String) throws -> Int { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
            return RebuildSummary(
                events: try count("events"), traces: try count("traces"),
                observations: try count("observations"), scores: try count("scores")
            )
        }
    }

    // MARK: Reads

    public func trace(projectId: String, id: String) async throws -> TraceRow? {
        try await fetch(SQLiteRowCoding.selectById(.trace), [projectId, id], SQLiteRowCoding.trace).first
    }

    public func observation(projectId: String, id: String) async throws -> ObservationRow? {
        try await fetch(SQLiteRowCoding.selectById(.observation), [projectId, id], SQLiteRowCoding.observation).first
    }

    public func observations(projectId: String, traceId: String, bodies: Bool) async throws -> [ObservationRow] {
        try await fetch(
            // INDEXED BY: ordered by time, SQLite would rather walk the project's time index.
            """
            SELECT \(bodies ? "*" : SQLiteRowCoding.observationOutlineColumns) FROM observations INDEXED BY observations_by_trace
            WHERE project_id = ? AND trace_id = ? ORDER BY start_time, id
            """,
            [projectId, traceId], SQLiteRowCoding.observation
        )
    }

    public func score(projectId: String, id: String) async throws -> ScoreRow? {
        try await fetch(SQLiteRowCoding.selectById(.score), [projectId, id], SQLiteRowCoding.score).first
    }

    public func scores(projectId: String, traceIds: [String]) async throws -> [ScoreRow] {
        guard !traceIds.isEmpty else { return [] }
        return try await fetch(
            """
            SELECT * FROM scores INDEXED BY scores_by_trace
            WHERE project_id = ? AND trace_id IN (\(SQLFragment.placeholders(traceIds.count))) ORDER BY trace_id, timestamp, id
            """,
            StatementArguments([projectId] + traceIds), SQLiteRowCoding.score
        )
    }

    public func loggedEvents(projectId: String) async throws -> [LoggedEvent] {
        try await fetch("SELECT * FROM events WHERE project_id = ? ORDER BY seq", [projectId], SQLiteRowCoding.loggedEvent)
    }

    /// Runs a query on a reader connection and maps its rows.
    private func fetch<Value: Sendable>(
        _ sql: String, _ arguments: StatementArguments, _ map: @escaping @Sendable (Row) -> Value
    ) async throws -> [Value] {
        try await pool.read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(map) }
    }
}

/// The projection operations on one open SQLite write transaction.
struct SQLiteProjectionTransaction: ProjectionTransaction {
    let db: Database
    /// First-seen times already resolved in this transaction: the events of one request mostly
    /// share one trace, so its anchor is looked up once instead of once per entity.
    private let firstSeenCache = FirstSeenCache()
    private let prices: PriceBookCache
    /// Records each row change in the outbox; nil while the change feed is off.
    let recorder: SQLiteChangeRecorder?
    /// Keeps what lists and metrics read besides the rows current.
    let readModel: SQLiteReadModelWriter

    init(db: Database, prices: PriceBookCache, recorder: SQLiteChangeRecorder?, readModel: SQLiteReadModelWriter) {
        self.db = db
        self.prices = prices
        self.recorder = recorder
        self.readModel = readModel
    }

    func priceBook() throws -> PriceBook {
        if let book = firstSeenCache.priceBook { return book }
        let book = try prices.current(in: db)
        firstSeenCache.priceBook = book
        return book
    }

    func appendEvent(_ event: LoggedEvent) throws -> Bool {
        try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO events (project_id, envelope_id, event_type, entity_kind, entity_id, event_ts, received_at, envelope)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                event.projectId, event.envelopeId, event.eventType, event.entityKind, event.entityId,
                event.eventTimestamp, event.receivedAt, event.envelope,
            ])
        return db.changesCount > 0
    }

    func loggedEnvelopeIds(projectId: String, entity: EntityRef) throws -> [String] {
        let statement = try db.cachedStatement(
            sql: "SELECT envelope_id FROM events WHERE project_id = ? AND entity_kind = ? AND entity_id = ?"
        )
        return try String.fetchAll(statement, arguments: [projectId, entity.kind.rawValue, entity.id])
    }

    func loggedEnvelope(projectId: String, entity: EntityRef, envelopeId: String) throws -> String? {
        let statement = try db.cachedStatement(
            sql: "SELECT envelope FROM events WHERE project_id = ? AND entity_kind = ? AND entity_id = ? AND envelope_id = ?"
        )
        return try String.fetchOne(statement, arguments: [projectId, entity.kind.rawValue, entity.id, envelopeId])
    }

    func firstSeen(projectId: String, anchor: PartitionAnchor, candidate: EpochMillis) throws -> EpochMillis {
        let key = [projectId, anchor.kind.rawValue, anchor.id]
        if let cached = firstSeenCache.times[key] { return cached }
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO partition_anchors (project_id, anchor_kind, anchor, first_seen) VALUES (?, ?, ?, ?)")
            .execute(arguments: [projectId, anchor.kind.rawValue, anchor.id, candidate])
        var firstSeen = candidate
        if db.changesCount == 0 {
            let select = try db.cachedStatement(
                sql: "SELECT first_seen FROM partition_anchors WHERE project_id = ? AND anchor_kind = ? AND anchor = ?"
            )
            firstSeen = try EpochMillis.fetchOne(select, arguments: [projectId, anchor.kind.rawValue, anchor.id]) ?? candidate
        }
        firstSeenCache.times[key] = firstSeen
        return firstSeen
    }

    func latestEventTimestamp(projectId: String, entity: EntityRef) throws -> EpochMillis? {
        try EpochMillis.fetchOne(
            db, sql: "SELECT MAX(event_ts) FROM events WHERE project_id = ? AND entity_kind = ? AND entity_id = ?",
            arguments: [projectId, entity.kind.rawValue, entity.id]
        )
    }

    func writeTrace(_ row: TraceRow, isNew: Bool) throws {
        let version = try recorder?.record(.trace(row, deleted: false))
        let columns = SQLiteRowCoding.columns(row, version: version)
        let previous = try SQLiteRowWriter.write(columns, isNew: isNew, in: db)
        try readModel.traceWritten(row, columns: columns, previous: previous)
    }

    func writeObservation(_ row: ObservationRow, isNew: Bool) throws {
        let version = try recorder?.record(.observation(row, deleted: false))
        let context = try readModel.context(ofTrace: row.traceId, projectId: row.projectId)
        let measures = ObservationMeasures(row)
        let previous = try SQLiteRowWriter.write(
            SQLiteRowCoding.columns(row, measures: measures, trace: context, version: version), isNew: isNew, in: db
        )
        readModel.observationWritten(row, measures: measures, previous: previous)
    }

    func writeScore(_ row: ScoreRow, isNew: Bool) throws {
        let version = try recorder?.record(.score(row, deleted: false))
        try SQLiteRowWriter.write(SQLiteRowCoding.columns(row, version: version), isNew: isNew, in: db)
    }

    func deleteScore(projectId: String, id: String) throws {
        if let recorder, var row = try Row.fetchOne(
            db.cachedStatement(sql: SQLiteRowCoding.selectById(.score)), arguments: [projectId, id]
        ).map(SQLiteRowCoding.score) {
            row.updatedAt = recorder.committedAt
            try recorder.record(.score(row, deleted: true))
        }
        try db.cachedStatement(sql: "DELETE FROM scores WHERE project_id = ? AND id = ?").execute(arguments: [projectId, id])
    }
}

/// Holds first-seen times and the price book for the duration of one transaction.
private final class FirstSeenCache {
    var times: [[String]: EpochMillis] = [:]
    var priceBook: PriceBook?
}
