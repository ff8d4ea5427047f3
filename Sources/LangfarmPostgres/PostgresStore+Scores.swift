import LangfarmCore
import LangfarmStore
import PostgresNIO

extension PostgresStore: ScoreReader {
    /// Scores newest first, by `(timestamp, id)` through `scores_by_time`, each with its trace's
    /// attributes: an offset page with the total (v1, v2) or the rows after a position (v3),
    /// fetching one row more than asked to know whether another page follows.
    public func scores(_ query: ScoreListQuery) async throws -> ListPage<ScoreListItem> {
        var conditions: [BoundSQL] = ["s.project_id = \(query.projectId)"] + query.conditions.map(ScoreFilterSQL(PostgresDialect(), traces: PostgresTraceLayout()).sql)
        if query.scope == .traceScoresOfClassicTypes {
            conditions.append("""
                s.trace_id IS NOT NULL AND s.session_id IS NULL AND s.dataset_run_id IS NULL
                AND s.data_type IN ('NUMERIC', 'CATEGORICAL', 'BOOLEAN')
                """)
        }
        let from = "FROM scores s LEFT JOIN traces t ON t.project_id = s.project_id AND t.id = s.trace_id"
        let select = "SELECT \(PostgresRowCoding.scoreColumns(of: "s")), \(PostgresTraceContextCoding.columns) \(from)"
        let order = "ORDER BY s.timestamp DESC, s.id DESC"
        switch query.paging {
        case .offset(let page):
            let filter = BoundSQL.all(conditions)
            return try await readSnapshot { connection in
                let counted: BoundSQL = "SELECT count(*) \(unescaped: from) WHERE \(filter)"
                let total = Int(try await connection.rows(counted.query, logger: logger).first?.decode(Int64.self) ?? 0)
                guard page.offset < total else { return ListPage(items: [], totalItems: total, next: nil) }
                let rows: BoundSQL = """
                    \(unescaped: select) WHERE \(filter) \(unescaped: order) LIMIT \(Int64(page.limit)) OFFSET \(Int64(page.offset))
                    """
                return ListPage(items: try await connection.rows(rows.query, logger: logger).map(Self.scoreItem), totalItems: total, next: nil)
            }
        case .cursor(let after, let limit):
            if let after { conditions.append("(s.timestamp, s.id) < (\(after.time), \(after.id))") }
            let rows: BoundSQL = "\(unescaped: select) WHERE \(BoundSQL.all(conditions)) \(unescaped: order) LIMIT \(Int64(limit + 1))"
            let fetched = try await self.rows(rows.query)
            let items = try fetched.prefix(limit).map(Self.scoreItem)
            let next = fetched.count > limit ? items.last.map { ListPosition(time: $0.score.timestamp, id: $0.score.id) } : nil
            return ListPage(items: items, totalItems: nil, next: next)
        }
    }

    private static func scoreItem(_ row: PostgresRow) throws -> ScoreListItem {
        let trace = try PostgresTraceContextCoding.context(row.makeRandomAccess(), from: PostgresRowCoding.scoreColumnCount)
        return ScoreListItem(score: try PostgresRowCoding.score(row), trace: trace?.context, traceEnvironment: trace?.environment)
    }
}
