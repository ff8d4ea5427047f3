import GRDB
import LangfarmCore

extension SQLiteStore {
    /// Observations newest first, by `(start_time, id)` through `observations_by_time`: an
    /// offset page with the total (v1), or the rows after a cursor position (v2), fetching one
    /// row more than asked to know whether another page follows.
    public func observations(_ query: ObservationListQuery) async throws -> ListPage<ObservationListItem> {
        try await pool.read { db in
            var conditions = try [SQLFragment("o.project_id = ?", [query.projectId])] + query.conditions.map {
                try SQLiteObservationFilter.sql($0, projectId: query.projectId, in: db)
            }
            let order = "o.start_time DESC, o.id DESC"
            switch query.paging {
            case .offset(let page):
                let filter = SQLFragment.all(conditions)
                let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM observations o WHERE \(filter.sql)", arguments: filter.statementArguments) ?? 0
                guard page.offset < total else { return ListPage(items: [], totalItems: total, next: nil) }
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT o.* FROM observations o WHERE o.rowid IN (
                            SELECT o.rowid FROM observations o WHERE \(filter.sql) ORDER BY \(order) LIMIT ? OFFSET ?
                        ) ORDER BY \(order)
                        """,
                    arguments: filter.statementArguments + [page.limit, page.offset]
                )
                return ListPage(items: rows.map(Self.observationItem), totalItems: total, next: nil)
            case .cursor(let after, let limit):
                if let after {
                    conditions.append(SQLFragment("(o.start_time, o.id) < (?, ?)", [after.time, after.id]))
                }
                let filter = SQLFragment.all(conditions)
                let rows = try Row.fetchAll(
                    db, sql: "SELECT o.* FROM observations o WHERE \(filter.sql) ORDER BY \(order) LIMIT ?",
                    arguments: filter.statementArguments + [limit + 1]
                )
                let items = rows.prefix(limit).map(Self.observationItem)
                let next = rows.count > limit ? items.last.map { ListPosition(time: $0.observation.startTime, id: $0.observation.id) } : nil
                return ListPage(items: items, totalItems: nil, next: next)
            }
        }
    }

    static func observationItem(_ row: Row) -> ObservationListItem {
        ObservationListItem(observation: SQLiteRowCoding.observation(row), trace: SQLiteRowCoding.traceContext(row))
    }
}
