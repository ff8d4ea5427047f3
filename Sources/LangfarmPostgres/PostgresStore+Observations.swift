import LangfarmCore
import LangfarmStore
import PostgresNIO

extension PostgresStore: ObservationReader {
    /// Observations newest first, by `(start_time, id)` through `observations_by_time`, each with
    /// its trace's attributes: an offset page with the total (v1), or the rows after a cursor
    /// position (v2), fetching one row more than asked to know whether another page follows.
    public func observations(_ query: ObservationListQuery) async throws -> ListPage<ObservationListItem> {
        var conditions: [PostgresFragment] = try ["o.project_id = \(query.projectId)"] + query.conditions.map(PostgresObservationFilter.sql)
        let from = "FROM observations o LEFT JOIN traces t ON t.project_id = o.project_id AND t.id = o.trace_id"
        let select = "SELECT \(PostgresRowCoding.observationColumns(bodies: true, of: "o")), \(PostgresTraceContextCoding.columns) \(from)"
        let order = "ORDER BY o.start_time DESC, o.id DESC"
        switch query.paging {
        case .offset(let page):
            let filter = PostgresFragment.all(conditions)
            return try await readSnapshot { connection in
                let counted: PostgresFragment = "SELECT count(*) \(unescaped: from) WHERE \(filter)"
                let total = Int(try await connection.rows(counted.query, logger: logger).first?.decode(Int64.self) ?? 0)
                guard page.offset < total else { return ListPage(items: [], totalItems: total, next: nil) }
                let rows: PostgresFragment = """
                    \(unescaped: select) WHERE \(filter) \(unescaped: order) LIMIT \(Int64(page.limit)) OFFSET \(Int64(page.offset))
                    """
                let items = try await connection.rows(rows.query, logger: logger).map(Self.observationItem)
                return ListPage(items: items, totalItems: total, next: nil)
            }
        case .cursor(let after, let limit):
            if let after { conditions.append("(o.start_time, o.id) < (\(after.time), \(after.id))") }
            let rows: PostgresFragment = "\(unescaped: select) WHERE \(PostgresFragment.all(conditions)) \(unescaped: order) LIMIT \(Int64(limit + 1))"
            let fetched = try await self.rows(rows.query)
            let items = try fetched.prefix(limit).map(Self.observationItem)
            let next = fetched.count > limit ? items.last.map { ListPosition(time: $0.observation.startTime, id: $0.observation.id) } : nil
            return ListPage(items: items, totalItems: nil, next: next)
        }
    }

    /// An observation whose trace has no row yet carries `TraceContext.none`.
    private static func observationItem(_ row: PostgresRow) throws -> ObservationListItem {
        let trace = try PostgresTraceContextCoding.context(row.makeRandomAccess(), from: PostgresRowCoding.observationColumnCount)
        return ObservationListItem(observation: try PostgresRowCoding.observation(row), trace: trace?.context ?? .none)
    }
}
