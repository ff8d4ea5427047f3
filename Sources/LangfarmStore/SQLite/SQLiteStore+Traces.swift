import Foundation
import GRDB
import LangfarmCore

extension SQLiteStore {
    /// Counts the matching traces, then reads the page by rowid from an index-ordered scan,
    /// so that wide rows are read only for the page itself.
    public func traces(_ query: TraceListQuery) async throws -> OffsetPage<TraceListItem> {
        try await pool.read { db in
            let filter = try Self.traceFilter(query, plan: .counting, in: db)
            let total = try SQLiteTraceCount.count(query, filter: filter, in: db)
            // A count stopped at its limit says only that there are more matches.
            let counted = query.countLimit.map { total <= $0 } ?? true
            guard !counted || query.page.offset < total else { return OffsetPage(items: [], totalItems: total) }
            // Few matches: read them and sort; many: walk the traces newest first and probe.
            let rows = try Self.pageRows(query, plan: .page(matching: counted ? total : .max), in: db)
            let ids = rows.map { $0["id"] as String }
            let observationIds = query.fields.contains(.observations)
                ? try Self.childIds(table: "observations", order: "trace_id, start_time, id", projectId: query.projectId, traceIds: ids, in: db) : [:]
            let scoreIds = query.fields.contains(.scores)
                ? try Self.childIds(table: "scores", order: "trace_id, timestamp, id", projectId: query.projectId, traceIds: ids, in: db) : [:]
            let items = rows.map { row in
                let id: String = row["id"]
                return TraceListItem(
                    trace: SQLiteRowCoding.trace(row), aggregates: SQLiteAggregates.aggregates(row),
                    observationIds: observationIds[id] ?? [], scoreIds: scoreIds[id] ?? []
                )
            }
            return OffsetPage(items: items, totalItems: total)
        }
    }

    /// One page of a trace list, with the conditions written for `plan`.
    ///
    /// A search narrowed to a few candidates binds their ids (`SQLiteSearchCandidates`), which
    /// SQLite would rather test on each trace while walking `traces_by_time` newest first, to
    /// avoid a sort: at a million traces, 1,700 matches took 450 ms that way. When the count
    /// says the matches are few (`Plan.lookups` is `.matchList`), the page's order is written
    /// with `+`, which no index provides, so that the candidates are read by id and sorted.
    static func pageRows(_ query: TraceListQuery, plan: SQLiteTraceFilter.Plan, in db: Database) throws -> [Row] {
        let filter = try traceFilter(query, plan: plan, in: db)
        let order = orderSQL(query.order)
        let selection = query.search != nil && plan.lookups == .matchList ? orderSQL(query.order, unindexed: true) : order
        return try Row.fetchAll(
            db,
            sql: """
                SELECT \(traceColumns(io: query.fields.contains(.io))) FROM traces t WHERE t.rowid IN (
                    SELECT t.rowid FROM traces t WHERE \(filter.sql) ORDER BY \(selection) LIMIT ? OFFSET ?
                ) ORDER BY \(order)
                """,
            arguments: filter.statementArguments + [query.page.limit, query.page.offset]
        )
    }

    /// The search box's condition comes last: it reads the search index, and its row check is
    /// the most expensive test.
    static func traceFilter(_ query: TraceListQuery, plan: SQLiteTraceFilter.Plan, in db: Database) throws -> SQLFragment {
        let search = try query.search.map { try SQLiteSearch.traces($0, projectId: query.projectId, in: db) }
        return SQLFragment.all(
            [SQLFragment("t.project_id = ?", [query.projectId])]
                + query.conditions.map { SQLiteTraceFilter.sql($0, projectId: query.projectId, plan: plan) }
                + (search.map { [$0] } ?? [])
        )
    }

    /// Two index probes per user (`traces_by_user`): SQLite answers a lone MIN or MAX over
    /// an index range from its first or last entry, where both at once would scan the range.
    public func userActivity(projectId: String, userIds: [String]) async throws -> [String: UserActivity] {
        try await pool.read { db in
            let first = try db.cachedStatement(sql: "SELECT MIN(timestamp) FROM traces WHERE project_id = ? AND user_id = ?")
            let last = try db.cachedStatement(sql: "SELECT MAX(timestamp) FROM traces WHERE project_id = ? AND user_id = ?")
            var activity: [String: UserActivity] = [:]
            for userId in Set(userIds) {
                guard let from = try EpochMillis.fetchOne(first, arguments: [projectId, userId]),
                      let to = try EpochMillis.fetchOne(last, arguments: [projectId, userId])
                else { continue }
                activity[userId] = UserActivity(first: from, last: to)
            }
            return activity
        }
    }

    public func traceAggregates(projectId: String, traceId: String) async throws -> TraceAggregates? {
        try await pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(SQLiteAggregates.columns) FROM traces WHERE project_id = ? AND id = ?", arguments: [projectId, traceId]
            ).map(SQLiteAggregates.aggregates)
        }
    }

    /// The columns of a trace in a list; without `io`, input, output and metadata are not read.
    static func traceColumns(io: Bool) -> String {
        io ? "t.*" : """
            t.project_id, t.id, t.timestamp, t.name, t.user_id, t.session_id, t.release, t.version, t.environment, t.public,
            t.bookmarked, t.tags, '{}' AS metadata, NULL AS input, NULL AS output, t.created_at, t.updated_at,
            \(SQLiteAggregates.columns.split(separator: ",").map { "t.\($0.trimmingCharacters(in: .whitespacesAndNewlines))" }.joined(separator: ", "))
            """
    }

    /// `unindexed`: every column written as `+column`, an expression no index is in order of.
    static func orderSQL(_ order: TraceOrder, unindexed: Bool = false) -> String {
        let column = switch order.field.column {
        case .row(let name): "t.\(name)"
        case .aggregate(.latency): "COALESCE(t.latency_ms, 0)"
        case .aggregate(.totalCost): "t.total_cost"
        case .aggregate(.totalTokens): "t.total_tokens"
        case .aggregate(.observationCount): "t.observation_count"
        }
        let direction = order.direction == .ascending ? "ASC" : "DESC"
        let plus = unindexed ? "+" : ""
        return order.field == .id ? "\(plus)t.id \(direction)" : "\(plus)\(column) \(direction), \(plus)t.id \(direction)"
    }

    /// The ids of the observations or scores of each trace, in `order`, which starts with
    /// `trace_id` so that SQLite reads them through the table's by-trace index (ordering by time
    /// alone made it scan the time index of the whole project).
    static func childIds(table: String, order: String, projectId: String, traceIds: [String], in db: Database) throws -> [String: [String]] {
        guard !traceIds.isEmpty else { return [:] }
        var ids: [String: [String]] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: "SELECT trace_id, id FROM \(table) WHERE project_id = ? AND trace_id IN (\(SQLFragment.placeholders(traceIds.count))) ORDER BY \(order)",
            arguments: StatementArguments([projectId] + traceIds)
        )
        while let row = try rows.next() {
            ids[row["trace_id"], default: []].append(row["id"])
        }
        return ids
    }
}
