import LangfarmCore
import LangfarmStore
import PostgresNIO

extension PostgresStore: ObservationReader {
    /// Observations newest first, by `(start_time, id)` through `observations_by_time`, each with
    /// its trace's attributes: an offset page with the total (v1), or the rows after a cursor
    /// position (v2), fetching one row more than asked to know whether another page follows.
    /// A content search (`matches`) first finds its observations among those the other
    /// conditions leave (`PostgresSearch`), on the same snapshot as the page.
    public func observations(_ query: ObservationListQuery) async throws -> ListPage<ObservationListItem> {
        let searches = query.conditions.filter(PostgresSearch.isContentSearch)
        let plain: [BoundSQL] = ["o.project_id = \(query.projectId)"]
            + query.conditions.filter { !PostgresSearch.isContentSearch($0) }.map(ObservationFilterSQL(PostgresDialect(), layout: .postgres).sql)
        let from = "FROM observations o LEFT JOIN traces t ON t.project_id = o.project_id AND t.id = o.trace_id"
        let select = "SELECT \(PostgresRowCoding.observationColumns(bodies: true, of: "o")), \(PostgresTraceContextCoding.columns) \(from)"
        let order = "ORDER BY o.start_time DESC, o.id DESC"
        return try await readSnapshot { connection in
            var conditions = plain
            if !searches.isEmpty {
                conditions.append(try await PostgresSearch.observations(
                    matching: searches, from: from, filter: BoundSQL.all(plain), on: connection, logger: logger
                ))
            }
            return try await page(of: query.paging, conditions: conditions, from: from, select: select, order: order, on: connection)
        }
    }

    /// One offset page with its total, or one cursor page, of the observations that meet
    /// `conditions`.
    private func page(
        of paging: ListPaging, conditions: [BoundSQL], from: String, select: String, order: String, on connection: PostgresConnection
    ) async throws -> ListPage<ObservationListItem> {
        var conditions = conditions
        switch paging {
        case .offset(let page):
            let filter = BoundSQL.all(conditions)
            let counted: BoundSQL = "SELECT count(*) \(unescaped: from) WHERE \(filter)"
            let total = Int(try await connection.rows(counted.query, logger: logger).first?.decode(Int64.self) ?? 0)
            guard page.offset < total else { return ListPage(items: [], totalItems: total, next: nil) }
            let rows: BoundSQL = """
                \(unescaped: select) WHERE \(filter) \(unescaped: order) LIMIT \(Int64(page.limit)) OFFSET \(Int64(page.offset))
                """
            let items = try await connection.rows(rows.query, logger: logger).map(Self.observationItem)
            return ListPage(items: items, totalItems: total, next: nil)
        case .cursor(let after, let limit):
            if let after { conditions.append("(o.start_time, o.id) < (\(after.time), \(after.id))") }
            let rows: BoundSQL = "\(unescaped: select) WHERE \(BoundSQL.all(conditions)) \(unescaped: order) LIMIT \(Int64(limit + 1))"
            let fetched = try await connection.rows(rows.query, logger: logger)
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
