import LangfarmCore
import LangfarmStore
import PostgresNIO

extension PostgresStore: TraceReader {
    /// Counts the matching traces (up to `countLimit` and one more), then reads the page, on
    /// one snapshot; a search first finds its traces among those the conditions leave
    /// (`PostgresSearch`). There are no per-filter counters as in SQLite (`SQLiteTraceCount`):
    /// every total is counted from the rows that match.
    public func traces(_ query: TraceListQuery) async throws -> OffsetPage<TraceListItem> {
        let conditions = BoundSQL.all(["t.project_id = \(query.projectId)"] + query.conditions.map(TraceFilterSQL(PostgresDialect(), layout: PostgresTraceLayout()).sql))
        let from = "FROM traces t \(PostgresTraceAggregates.join)"
        return try await readSnapshot { connection in
            var filter = conditions
            if let search = query.search,
               let found = try await PostgresSearch.traces(search, from: from, filter: conditions, on: connection, logger: logger) {
                filter = .all([conditions, found])
            }
            let total: Int
            if let limit = query.countLimit {
                // One more than the limit, so that the caller can tell "exactly the limit" from "more".
                let capped: BoundSQL = "SELECT count(*) FROM (SELECT 1 \(unescaped: from) WHERE \(filter) LIMIT \(Int64(limit + 1))) matches"
                total = try await count(capped, on: connection)
            } else {
                total = try await count("SELECT count(*) \(unescaped: from) WHERE \(filter)", on: connection)
            }
            // A count stopped at its limit says only that there are more matches.
            let counted = query.countLimit.map { total <= $0 } ?? true
            guard !counted || query.page.offset < total else { return OffsetPage(items: [], totalItems: total) }
            let page: BoundSQL = """
                SELECT \(unescaped: PostgresRowCoding.traceColumns(of: "t", io: query.fields.contains(.io))), \(unescaped: PostgresTraceAggregates.columns)
                \(unescaped: from) WHERE \(filter) ORDER BY \(unescaped: Self.orderSQL(query.order))
                LIMIT \(Int64(query.page.limit)) OFFSET \(Int64(query.page.offset))
                """
            let rows = try await connection.rows(page.query, logger: logger)
            let traces = try rows.map { row in
                (trace: try PostgresRowCoding.trace(row),
                 aggregates: try PostgresTraceAggregates.aggregates(row.makeRandomAccess(), from: PostgresRowCoding.traceColumnCount))
            }
            let ids = traces.map(\.trace.id)
            let observationIds = query.fields.contains(.observations)
                ? try await childIds(of: ids, in: "observations", orderedBy: "start_time", projectId: query.projectId, on: connection) : [:]
            let scoreIds = query.fields.contains(.scores)
                ? try await childIds(of: ids, in: "scores", orderedBy: "timestamp", projectId: query.projectId, on: connection) : [:]
            let items = traces.map { trace, aggregates in
                TraceListItem(
                    trace: trace, aggregates: aggregates,
                    observationIds: observationIds[trace.id] ?? [], scoreIds: scoreIds[trace.id] ?? []
                )
            }
            return OffsetPage(items: items, totalItems: total)
        }
    }

    public func traceAggregates(projectId: String, traceId: String) async throws -> TraceAggregates? {
        let query: BoundSQL = """
            SELECT \(unescaped: PostgresTraceAggregates.columns) FROM traces t \(unescaped: PostgresTraceAggregates.join)
            WHERE t.project_id = \(projectId) AND t.id = \(traceId)
            """
        return try await rows(query.query).first.map { try PostgresTraceAggregates.aggregates($0.makeRandomAccess(), from: 0) }
    }

    /// One pass over `traces_by_user` for all the users.
    public func userActivity(projectId: String, userIds: [String]) async throws -> [String: UserActivity] {
        let query: BoundSQL = """
            SELECT user_id, MIN(timestamp), MAX(timestamp) FROM traces
            WHERE project_id = \(projectId) AND user_id = ANY(\(Array(Set(userIds)))::text[]) GROUP BY user_id
            """
        var activity: [String: UserActivity] = [:]
        for row in try await rows(query.query) {
            let (userId, first, last) = try row.decode((String, Int64, Int64).self)
            activity[userId] = UserActivity(first: first, last: last)
        }
        return activity
    }

    private func count(_ query: BoundSQL, on connection: PostgresConnection) async throws -> Int {
        Int(try await connection.rows(query.query, logger: logger).first?.decode(Int64.self) ?? 0)
    }

    /// The sort, ties broken by id in the same direction. NULLs sort first ascending and last
    /// descending, as SQLite sorts them (lowest); aggregates of a trace without observations
    /// sort as zero.
    ///
    /// Columns that cannot be NULL get a plain `ASC`/`DESC`: an explicit `NULLS LAST` after
    /// `DESC` no longer matches the `traces_by_time` index, and the newest page of 200,000
    /// traces then sorts them all (500 ms instead of 0.4 ms, docs/PERFORMANCE.md).
    static func orderSQL(_ order: TraceOrder) -> String {
        let (column, nullable) = switch order.field.column {
        case .row(let name): ("t.\(name)", !["id", "timestamp", "public", "bookmarked"].contains(name))
        case .aggregate(.latency): (PostgresTraceAggregates.expression("latency_ms"), false)
        case .aggregate(.totalCost): (PostgresTraceAggregates.expression("total_cost"), false)
        case .aggregate(.totalTokens): (PostgresTraceAggregates.expression("total_tokens"), false)
        case .aggregate(.observationCount): (PostgresTraceAggregates.expression("observation_count"), false)
        }
        let plain = order.direction == .ascending ? "ASC" : "DESC"
        let direction = nullable ? (order.direction == .ascending ? "ASC NULLS FIRST" : "DESC NULLS LAST") : plain
        return order.field == .id ? "t.id \(plain)" : "\(column) \(direction), t.id \(plain)"
    }

    /// The ids of the observations or scores (`table`) of each trace, by `time` then id.
    private func childIds(
        of traceIds: [String], in table: String, orderedBy time: String, projectId: String, on connection: PostgresConnection
    ) async throws -> [String: [String]] {
        guard !traceIds.isEmpty else { return [:] }
        let query: BoundSQL = """
            SELECT trace_id, id FROM \(unescaped: table) WHERE project_id = \(projectId) AND trace_id = ANY(\(traceIds)::text[])
            ORDER BY trace_id, \(unescaped: time), id
            """
        var ids: [String: [String]] = [:]
        for row in try await connection.rows(query.query, logger: logger) {
            let (traceId, id) = try row.decode((String, String).self)
            ids[traceId, default: []].append(id)
        }
        return ids
    }
}
