import GRDB
import LangfarmCore

/// Keeps the read model current inside one write transaction: what lists, filters and metrics
/// read besides the rows themselves (docs/READ-SIDE.md).
///
/// As rows are written it learns which traces were touched, what each observation contributed
/// to the hourly rollups before and after, and which traces changed the attributes their
/// observations carry; `finish()` then brings the per-trace aggregates, the observations' trace
/// context, the rollups and the search backlog up to date before the transaction commits.
final class SQLiteReadModelWriter {
    private let db: Database
    private let time: EpochMillis
    private var contexts: [TraceKey: TraceContext] = [:]
    private var touched: [TraceKey] = []
    private var touchedSet: Set<TraceKey> = []
    private var contextChanged: Set<TraceKey> = []
    private var aggregates = TraceAggregateChanges()
    private var rollups = RollupDeltas<ObservationRollupKey, RollupMeasures>()
    /// Changes to the per-user rollups in this transaction.
    private var userRollups = RollupDeltas<UserRollupKey, UserRollupMeasures>()
    /// Traces each project gained or lost per environment and name in this transaction.
    private var traceCountChanges: [TraceCountKey: Int] = [:]
    /// Traces each hourly trace rollup cell gained or lost in this transaction.
    private var traceRollupChanges: [TraceRollupKey: Int] = [:]

    /// Whether the rows are being refolded by `rebuild` rather than written by ingestion.
    private let rebuilding: Bool

    init(db: Database, at time: EpochMillis, rebuilding: Bool = false) {
        self.db = db
        self.time = time
        self.rebuilding = rebuilding
    }

    /// The attributes an observation of this trace carries: the trace's, or none while it has
    /// no row.
    func context(ofTrace traceId: String, projectId: String) throws -> TraceContext {
        let key = TraceKey(projectId: projectId, traceId: traceId)
        if let context = contexts[key] { return context }
        let context = try SQLiteRowWriter.firstRow(
            of: db.cachedStatement(sql: "SELECT name, user_id, session_id, tags, release, version, bookmarked, public FROM traces WHERE project_id = ? AND id = ?"),
            binding: [projectId.databaseValue, traceId.databaseValue]
        ).map(Self.traceContext) ?? .none
        contexts[key] = context
        return context
    }

    /// A trace row was written as `columns`; `previous` is the stored row before.
    func traceWritten(_ row: TraceRow, columns: RowColumns, previous: StoredRow?) throws {
        let key = TraceKey(projectId: row.projectId, traceId: row.id)
        touch(key)
        let context = TraceContext(row)
        if let previous {
            if Self.traceContext(previous) != context { contextChanged.insert(key) }
        } else {
            // Observations written before their trace carry no context yet; a new trace row
            // also needs its aggregates computed from them.
            contextChanged.insert(key)
            aggregates.refresh(key)
        }
        let counted = TraceCountKey(projectId: row.projectId, environment: row.environment, name: row.name ?? "")
        let previouslyCounted = previous.map {
            TraceCountKey(projectId: row.projectId, environment: $0["environment"] ?? "", name: $0["name"] ?? "")
        }
        if previouslyCounted != counted {
            traceCountChanges[counted, default: 0] += 1
            if let previouslyCounted { traceCountChanges[previouslyCounted, default: 0] -= 1 }
        }
        let rolledUp = TraceRollupKey(projectId: row.projectId, timestamp: row.timestamp, environment: row.environment, name: row.name)
        let previouslyRolledUp = previous.map(TraceRollupKey.init)
        if previouslyRolledUp != rolledUp {
            traceRollupChanges[rolledUp, default: 0] += 1
            if let previouslyRolledUp { traceRollupChanges[previouslyRolledUp, default: 0] -= 1 }
        }
        contexts[key] = context
        let written = StoredRow(table: columns.table, values: columns.values)
        if let previousTags: String = previous?["tags"], previousTags == written["tags"] {} else {
            try replaceLookups(
                table: "trace_tags", columns: ["tag"], of: row,
                old: Self.tagEntries(previous?["tags"]), new: Set(row.tags.map { [$0] })
            )
        }
        if let previousMetadata: String = previous?["metadata"], previousMetadata == written["metadata"] {} else {
            try replaceLookups(
                table: "trace_metadata", columns: ["key", "value"], of: row,
                old: Self.metadataEntries(previous?["metadata"]), new: Set(MetadataIndex.entries(row.metadata).map { [$0.key, $0.value] })
            )
        }
        if let sessionId = row.sessionId, previous?["session_id"] != sessionId {
            // Write-once: created when the first event naming the session was ingested (the
            // row's `updatedAt` is that batch's arrival). A rebuild keeps the sessions it finds
            // and dates a missing one by its trace's first-seen time.
            try db.cachedStatement(sql: """
                INSERT INTO sessions (project_id, id, created_at, environment) VALUES (?, ?, ?, ?)
                ON CONFLICT (project_id, id) DO NOTHING
                """).execute(arguments: [row.projectId, sessionId, rebuilding ? row.partition.createdAt : row.updatedAt, row.environment])
        }
    }

    /// Deletes the lookup rows (tags or metadata entries) a trace no longer has and inserts the
    /// new ones, each by its full primary key: the tables are keyed for lookups by value, so
    /// deleting "every row of this trace" would scan the project's rows.
    private func replaceLookups(table: String, columns: [String], of row: TraceRow, old: Set<[String]>, new: Set<[String]>) throws {
        let keyColumns = (["project_id"] + columns + ["trace_id"])
        let match = keyColumns.map { "\($0) = ?" }.joined(separator: " AND ")
        for entry in old.subtracting(new) {
            try db.cachedStatement(sql: "DELETE FROM \(table) WHERE \(match)")
                .execute(arguments: StatementArguments([row.projectId] + entry + [row.id]))
        }
        for entry in new.subtracting(old) {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO \(table) (\(keyColumns.joined(separator: ", "))) VALUES (\(SQLFragment.placeholders(keyColumns.count)))")
                .execute(arguments: StatementArguments([row.projectId] + entry + [row.id]))
        }
    }

    private static func tagEntries(_ text: String?) -> Set<[String]> {
        Set((text.flatMap(JSONValue.parseStored)?.arrayValue ?? []).compactMap { $0.stringValue }.map { [$0] })
    }

    private static func metadataEntries(_ text: String?) -> Set<[String]> {
        Set(MetadataIndex.entries(text.flatMap(JSONValue.parseStored)?.objectValue ?? [:]).map { [$0.key, $0.value] })
    }

    /// A trace row is being deleted: its tag and metadata lookups go with it.
    func traceDeleted(_ row: TraceRow) throws {
        traceCountChanges[TraceCountKey(projectId: row.projectId, environment: row.environment, name: row.name ?? ""), default: 0] -= 1
        traceRollupChanges[TraceRollupKey(projectId: row.projectId, timestamp: row.timestamp, environment: row.environment, name: row.name), default: 0] -= 1
        try replaceLookups(table: "trace_tags", columns: ["tag"], of: row, old: Set(row.tags.map { [$0] }), new: [])
        try replaceLookups(
            table: "trace_metadata", columns: ["key", "value"], of: row,
            old: Set(MetadataIndex.entries(row.metadata).map { [$0.key, $0.value] }), new: []
        )
    }

    /// An observation row was written; `previous` is the stored row before (its written columns).
    func observationWritten(_ row: ObservationRow, measures: ObservationMeasures, previous: StoredRow?) {
        let trace = TraceKey(projectId: row.projectId, traceId: row.traceId)
        touch(trace)
        let replaced = previous.map { previous in
            (
                traceId: previous["trace_id"] ?? row.traceId,
                contribution: TraceAggregateDelta.Contribution(
                    level: previous["level"] ?? "", measures: Self.measures(previous), start: previous["start_time"] ?? 0, end: previous["end_time"]
                )
            )
        }
        if let replaced, replaced.traceId != row.traceId { touch(TraceKey(projectId: row.projectId, traceId: replaced.traceId)) }
        aggregates.observationWritten(
            to: trace, TraceAggregateDelta.Contribution(level: row.level, measures: measures, start: row.startTime, end: row.endTime), replacing: replaced
        )
        let new = (ObservationRollupKey(
            projectId: row.projectId, startTime: row.startTime, environment: row.environment, type: row.type, name: row.name,
            model: row.providedModelName, level: row.level
        ), measures)
        rollups.record(old: previous.map(Self.rollupEntry), new: new)
        let user = contexts[TraceKey(projectId: row.projectId, traceId: row.traceId)]?.userId
        userRollups.record(
            old: previous.map(Self.userRollupEntry),
            new: (UserRollupKey(projectId: row.projectId, startTime: row.startTime, environment: row.environment, userId: user), measures)
        )
    }

    /// An observation row is being deleted (with its trace).
    func observationDeleted(_ previous: StoredRow) {
        rollups.record(old: Self.rollupEntry(previous), new: nil)
        userRollups.record(old: Self.userRollupEntry(previous), new: nil)
    }

    /// An observation row is being expired on its own: the rollups lose it, and its trace's
    /// aggregates are recomputed from the observations left.
    func observationExpired(_ previous: StoredRow) {
        observationDeleted(previous)
        if let projectId: String = previous["project_id"], let traceId: String = previous["trace_id"] {
            let trace = TraceKey(projectId: projectId, traceId: traceId)
            touch(trace)
            aggregates.refresh(trace)
        }
    }

    /// A trace row is being expired while observations of it may stay: they carry no trace
    /// attributes from now on, as a rebuild would leave them.
    func traceExpired(_ row: TraceRow) throws {
        try traceDeleted(row)
        let key = TraceKey(projectId: row.projectId, traceId: row.id)
        touch(key)
        contexts[key] = TraceContext.none
        contextChanged.insert(key)
    }

    /// Brings everything derived from the touched traces up to date.
    func finish() throws {
        for key in touched {
            if aggregates.isRefreshed(key) {
                try refreshAggregates(of: key)
            } else if let delta = aggregates.added[key] {
                try db.cachedStatement(sql: SQLiteAggregates.add).execute(arguments: SQLiteAggregates.arguments(delta, projectId: key.projectId, traceId: key.traceId))
                // A row the span columns are not filled for yet (or no row at all) is refreshed.
                if db.changesCount == 0 { try refreshAggregates(of: key) }
            }
            if contextChanged.contains(key), let context = contexts[key] {
                try propagate(context, to: key)
            }
            try db.cachedStatement(sql: """
                INSERT INTO search_backlog (project_id, trace_id, changed_at) VALUES (?, ?, ?)
                ON CONFLICT (project_id, trace_id) DO UPDATE SET changed_at = excluded.changed_at
                """).execute(arguments: [key.projectId, key.traceId, time])
        }
        try SQLiteRollups.apply(rollups, in: db)
        try SQLiteTraceRollups.apply(traceRollupChanges, in: db)
        try SQLiteUserRollups.apply(userRollups.changes, in: db)
        for (key, change) in traceCountChanges where change != 0 {
            try db.cachedStatement(sql: """
                INSERT INTO trace_counts (project_id, environment, name, traces) VALUES (?, ?, ?, ?)
                ON CONFLICT (project_id, environment, name) DO UPDATE SET traces = traces + excluded.traces
                """).execute(arguments: [key.projectId, key.environment, key.name, change])
            if change < 0 {
                // An emptied cell goes, as a rebuild would never write it.
                try db.cachedStatement(sql: "DELETE FROM trace_counts WHERE project_id = ? AND environment = ? AND name = ? AND traces = 0")
                    .execute(arguments: [key.projectId, key.environment, key.name])
            }
        }
    }

    private func touch(_ key: TraceKey) {
        if touchedSet.insert(key).inserted { touched.append(key) }
    }

    /// Recomputes a trace's aggregates from its observations. A trace without a row has
    /// nowhere to keep them yet; they are computed when its row is written.
    private func refreshAggregates(of key: TraceKey) throws {
        try db.cachedStatement(sql: SQLiteAggregates.refresh).execute(arguments: [key.projectId, key.traceId])
    }

    /// Copies a trace's attributes onto those of its observations that carry other ones,
    /// moving those whose user changes to the new user's rollup rows.
    private func propagate(_ context: TraceContext, to key: TraceKey) throws {
        let movedUsers = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT \(Self.userRollupColumns) FROM observations WHERE project_id = ? AND trace_id = ? AND user_id IS NOT ?"),
            arguments: [key.projectId, key.traceId, context.userId]
        )
        while let row = try movedUsers.next() {
            let stored = StoredRow(table: Self.userRollupTable, values: (0..<row.count).map { row[$0] })
            let old = Self.userRollupEntry(stored)
            let new = UserRollupKey(projectId: key.projectId, startTime: stored["start_time"] ?? 0, environment: stored["environment"] ?? "", userId: context.userId)
            userRollups.record(old: old, new: (new, old.measures))
        }
        let columns = SQLiteRowCoding.traceContextColumns(context)
        let assignments = columns.map { "\($0.0) = ?" }.joined(separator: ", ")
        let differs = columns.map { "\($0.0) IS NOT ?" }.joined(separator: " OR ")
        let values = StatementArguments(columns.map { $0.1 })
        try db.cachedStatement(sql: "UPDATE observations SET \(assignments) WHERE project_id = ? AND trace_id = ? AND (\(differs))")
            .execute(arguments: values + [key.projectId, key.traceId] + values)
    }

    /// The context a stored trace row gives its observations.
    private static func traceContext(_ row: StoredRow) -> TraceContext {
        TraceContext(
            name: row["name"], userId: row["user_id"], sessionId: row["session_id"],
            tags: (JSONValue.parseStored(row["tags"] ?? "[]")?.arrayValue ?? []).compactMap { $0.stringValue },
            release: row["release"], version: row["version"], bookmarked: row["bookmarked"] ?? false, isPublic: row["public"] ?? false
        )
    }

    /// Reads name, user_id, session_id, tags, release, version, bookmarked, public, in order.
    private static func traceContext(_ values: [DatabaseValue]) -> TraceContext {
        TraceContext(
            name: String.fromDatabaseValue(values[0]), userId: String.fromDatabaseValue(values[1]),
            sessionId: String.fromDatabaseValue(values[2]),
            tags: (JSONValue.parseStored(String.fromDatabaseValue(values[3]) ?? "[]")?.arrayValue ?? []).compactMap { $0.stringValue },
            release: String.fromDatabaseValue(values[4]), version: String.fromDatabaseValue(values[5]),
            bookmarked: Bool.fromDatabaseValue(values[6]) ?? false, isPublic: Bool.fromDatabaseValue(values[7]) ?? false
        )
    }

    /// The columns of an observation the per-user rollups read, as a table for `StoredRow`.
    private static let userRollupTable = SQLiteTable("observations", [
        "project_id", "start_time", "environment", "user_id", "input_tokens", "output_tokens", "total_tokens", "input_cost", "output_cost",
        "total_cost_value", "latency_ms", "time_to_first_token_ms",
    ])
    private static let userRollupColumns = userRollupTable.columns.joined(separator: ", ")

    /// What a stored observation row contributed to the per-user rollups.
    private static func userRollupEntry(_ row: StoredRow) -> (key: UserRollupKey, measures: ObservationMeasures) {
        let key = UserRollupKey(
            projectId: row["project_id"] ?? "", startTime: row["start_time"] ?? 0, environment: row["environment"] ?? "", userId: row["user_id"]
        )
        return (key, measures(row))
    }

    /// What a stored observation row contributed to the rollups.
    private static func rollupEntry(_ row: StoredRow) -> (key: ObservationRollupKey, measures: ObservationMeasures) {
        let key = ObservationRollupKey(
            projectId: row["project_id"] ?? "", startTime: row["start_time"] ?? 0, environment: row["environment"] ?? "",
            type: row["type"] ?? "", name: row["name"], model: row["provided_model_name"], level: row["level"] ?? ""
        )
        return (key, measures(row))
    }

    /// The measures of a stored observation row.
    private static func measures(_ row: StoredRow) -> ObservationMeasures {
        ObservationMeasures(
            inputTokens: row["input_tokens"] ?? 0, outputTokens: row["output_tokens"] ?? 0, totalTokens: row["total_tokens"] ?? 0,
            inputCost: row["input_cost"] ?? 0, outputCost: row["output_cost"] ?? 0, totalCost: row["total_cost_value"],
            latencyMillis: row["latency_ms"], timeToFirstTokenMillis: row["time_to_first_token_ms"]
        )
    }
}

/// The cell of `trace_counts` a trace is counted in.
struct TraceCountKey: Hashable {
    let projectId: String
    let environment: String
    let name: String
}
