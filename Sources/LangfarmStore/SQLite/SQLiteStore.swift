import Algorithms
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
    /// Held by each write, so that a projection transaction's accesses to the writer
    /// connection run with no other write in between.
    private let writeLock = AsyncLock()
    private let lastRecorded = Atomic<Int64>(0)
    /// Commits since the planner statistics were last refreshed.
    private let commitsSinceAnalysis = Atomic<Int>(0)
    static let commitsBetweenAnalyses = 5_000

    public var lastRecordedSequence: Int64 { lastRecorded.load(ordering: .relaxed) }

    /// Opens (creating if needed) the database at `path`, applies pending migrations and, for a
    /// store an older Langfarm wrote, builds what the read side needs. With a `changeEncoder`,
    /// every committed row change is also recorded in the outbox while the change feed is
    /// enabled (`setChangeFeed(enabled:)`).
    public static func open(path: String, changeEncoder: (any ChangeEncoder)? = nil) async throws -> SQLiteStore {
        try await open(path: path, changeEncoder: changeEncoder, windowCapacity: 5_000)
    }

    /// `windowCapacity`: how many recent changes the relay can read from memory.
    static func open(path: String, changeEncoder: (any ChangeEncoder)?, windowCapacity: Int) async throws -> SQLiteStore {
        let store = try SQLiteStore(path: path, changeEncoder: changeEncoder, windowCapacity: windowCapacity)
        try await store.rebuildReadModelIfNeeded()
        try await store.write { db in try Self.refreshPlannerStatistics(db) }
        return store
    }

    private init(path: String, changeEncoder: (any ChangeEncoder)?, windowCapacity: Int) throws {
        self.changeEncoder = changeEncoder
        recentChanges = RecentChanges(capacity: windowCapacity)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        // A projection transaction spans several accesses to the writer connection
        // (`SQLiteProjectionTransaction`); `writeLock` keeps other writes out meanwhile.
        configuration.allowsUnsafeTransactions = true
        configuration.prepareDatabase { db in
            // Lets expiry give free pages back to the file system (`reclaimFreeSpace`). It takes
            // effect only in a database that has no tables yet: a store created by an older
            // Langfarm keeps reusing its free pages instead (docs/RETENTION.md).
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL") }
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
    }

    /// Rows written before the read model existed (an older Langfarm's store) get it from a
    /// rebuild, once, when the store is opened.
    private func rebuildReadModelIfNeeded() async throws {
        let needed = try await pool.read { db in try Bool.fetchOne(db, sql: "SELECT rebuild_needed FROM read_model_state WHERE id = 1") ?? false }
        if needed { _ = try await rebuild() }
    }

    /// Runs `body` in a write transaction of its own, after any projection transaction under
    /// way has ended. Every write of the store goes through here or `projectionWrite`.
    func write<Value: Sendable>(_ body: @escaping @Sendable (Database) throws -> Value) async throws -> Value {
        try await writeLock.withLock { try await pool.write(body) }
    }

    // MARK: Projects and keys

    public func upsertProject(_ project: Project) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO projects (id, name) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name",
                arguments: [project.id, project.name]
            )
        }
    }

    public func project(id: String) async throws -> Project? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT id, name, retention_days FROM projects WHERE id = ?", arguments: [id]).map(Self.project)
        }
    }

    /// A project from its `id, name, retention_days` row. The days were checked when set.
    static func project(_ row: Row) -> Project {
        let days: Int? = row["retention_days"]
        return Project(id: row["id"], name: row["name"], retention: days.flatMap { try? Retention(days: $0) })
    }

    public func insertAPIKey(_ key: APIKeyRecord) async throws {
        do {
            try await write { db in
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
        try await write { db in
            try db.execute(sql: "DELETE FROM api_keys WHERE public_key = ?", arguments: [publicKey])
            return db.changesCount > 0
        }
    }

    // MARK: Write path

    public func commit(_ batches: [EventBatch]) async throws {
        try await projectionWrite(at: EpochMillis.now) { transaction in
            try await Projector.apply(batches, in: transaction)
        }
    }

    /// Runs `body` in one write transaction with the projection operations, recording the row
    /// changes it makes in the outbox when the change feed is on, and bringing the read model
    /// up to date before the commit. The changes are staged in the in-memory window before the
    /// commit, and GRDB's end-of-transaction callbacks make them readable or discard them on the
    /// writer's queue, so that no other write comes in between (see `RecentChanges`).
    func projectionWrite<Value: Sendable>(
        at time: EpochMillis, rebuilding: Bool = false, _ body: (SQLiteProjectionTransaction) async throws -> Value
    ) async throws -> Value {
        try await writeLock.withLock {
            let transaction = try begin(at: time, rebuilding: rebuilding)
            do {
                let value = try await body(transaction)
                let lastSequence = try transaction.access { db in try self.prepareCommit(transaction, in: db) }
                // Awaited: the commit waits for the disk, and no thread should wait with it.
                try await pool.writeWithoutTransaction { db in try db.execute(sql: "COMMIT") }
                if let lastSequence { lastRecorded.max(lastSequence, ordering: .relaxed) }
                return value
            } catch {
                rollBackOpenTransaction()
                throw error
            }
        }
    }

    /// Begins a projection transaction on the writer connection.
    private func begin(at time: EpochMillis, rebuilding: Bool) throws -> SQLiteProjectionTransaction {
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            do {
                return SQLiteProjectionTransaction(
                    pool: pool, prices: prices,
                    recorder: try SQLiteChangeRecorder.start(in: db, encoder: changeEncoder, at: time, retaining: recentChanges.capacity),
                    readModel: SQLiteReadModelWriter(db: db, at: time, rebuilding: rebuilding)
                )
            } catch {
                try db.execute(sql: "ROLLBACK")
                throw error
            }
        }
    }

    /// Rolls back the writer's transaction if one is open. Synchronously: a cancelled task
    /// could not start an async access, and the transaction must not outlive the write lock.
    private func rollBackOpenTransaction() {
        try? pool.writeWithoutTransaction { db in
            if db.isInsideTransaction { try db.execute(sql: "ROLLBACK") }
        }
    }

    /// Brings the read model and the outbox up to date before the commit; returns the last
    /// change sequence recorded.
    private func prepareCommit(_ transaction: SQLiteProjectionTransaction, in db: Database) throws -> Int64? {
        try transaction.readModel.finish()
        if commitsSinceAnalysis.add(1, ordering: .relaxed).newValue >= Self.commitsBetweenAnalyses {
            commitsSinceAnalysis.store(0, ordering: .relaxed)
            try Self.refreshPlannerStatistics(db)
        }
        let recorder = transaction.recorder
        try recorder?.finish()
        let lastSequence = recorder?.recorded.last?.sequence
        if let recorder, let lastSequence {
            recentChanges.stage(recorder.recorded)
            db.afterNextTransaction(
                onCommit: { _ in self.recentChanges.commit(through: lastSequence) },
                onRollback: { _ in self.recentChanges.discardStaged() }
            )
        }
        return lastSequence
    }

    /// Refreshes the statistics SQLite's planner chooses indexes by (`ANALYZE` on a sample of
    /// each index, a few tens of milliseconds). Without them it guesses, and walked a project's
    /// whole time index to list one trace's observations.
    static func refreshPlannerStatistics(_ db: Database) throws {
        try db.execute(sql: "PRAGMA analysis_limit = 1000; ANALYZE;")
    }

    /// Clears every row and everything derived from rows (but sessions, which record when they
    /// were first ingested), then refolds each entity from the event log: traces first, so that
    /// their observations are written with their context.
    public func rebuild() async throws -> RebuildSummary {
        try await projectionWrite(at: EpochMillis.now, rebuilding: true) { transaction in
            let entities = try transaction.access { db in
                try db.execute(sql: """
                    DELETE FROM traces; DELETE FROM observations; DELETE FROM scores;
                    DELETE FROM trace_tags; DELETE FROM trace_metadata; DELETE FROM observation_rollups; DELETE FROM observation_day_rollups; DELETE FROM trace_counts; DELETE FROM trace_rollups;
                    DELETE FROM user_hour_rollups; DELETE FROM user_day_rollups; DELETE FROM fold_states;
                    DELETE FROM search_documents; DELETE FROM search_index; DELETE FROM search_backlog;
                    DELETE FROM id_search_documents; DELETE FROM id_search_index;
                    UPDATE read_model_state SET rebuild_needed = 0;
                    """)
                return try Row.fetchAll(db, sql: """
                    SELECT project_id, entity_kind, entity_id, MAX(received_at) AS last_received
                    FROM events GROUP BY project_id, entity_kind, entity_id
                    ORDER BY entity_kind = 'trace' DESC, project_id, entity_kind, entity_id
                    """).compactMap { row -> (key: EntityKey, at: EpochMillis)? in
                        guard let kind = EntityKind(rawValue: row["entity_kind"]) else { return nil }
                        return (EntityKey(projectId: row["project_id"], entity: EntityRef(kind: kind, id: row["entity_id"])), row["last_received"])
                    }
            }
            for step in entities.chunks(ofCount: Projector.entitiesPerRefold) {
                try await Projector.refold(Array(step), in: transaction)
            }
            return try transaction.access { db in
                func count(_ table: String) throws -> Int { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
                return RebuildSummary(
                    events: try count("events"), traces: try count("traces"),
                    observations: try count("observations"), scores: try count("scores")
                )
            }
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
