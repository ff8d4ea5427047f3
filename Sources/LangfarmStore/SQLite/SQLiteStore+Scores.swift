import GRDB
import LangfarmCore

extension SQLiteStore {
    /// Scores newest first, by `(timestamp, id)` through `scores_by_time`, each with its trace's
    /// attributes: an offset page with the total (v1, v2) or the rows after a position (v3).
    public func scores(_ query: ScoreListQuery) async throws -> ListPage<ScoreListItem> {
        try await pool.read { db in
            let filter = ScoreFilterSQL(SQLiteDialect(), traces: SQLiteTraceLayout(projectId: query.projectId))
            var conditions = [SQLFragment("s.project_id = ?", [query.projectId])] + query.conditions.map { SQLFragment(filter.sql($0)) }
            if query.scope == .traceScoresOfClassicTypes {
                conditions.append(SQLFragment("""
                    s.trace_id IS NOT NULL AND s.session_id IS NULL AND s.dataset_run_id IS NULL
                    AND s.data_type IN ('NUMERIC', 'CATEGORICAL', 'BOOLEAN')
                    """))
            }
            let from = "scores s LEFT JOIN traces t ON t.project_id = s.project_id AND t.id = s.trace_id"
            let select = "SELECT s.*, t.id AS trace_row_id, t.name AS trace_name, t.user_id AS trace_user_id, t.session_id AS trace_session_id, t.tags AS trace_tags, t.release AS trace_release, t.version AS trace_version, t.bookmarked AS trace_bookmarked, t.public AS trace_public, t.environment AS trace_environment FROM \(from)"
            let order = "s.timestamp DESC, s.id DESC"
            switch query.paging {
            case .offset(let page):
                let filter = SQLFragment.all(conditions)
                let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(from) WHERE \(filter.sql)", arguments: filter.statementArguments) ?? 0
                guard page.offset < total else { return ListPage(items: [], totalItems: total, next: nil) }
                let rows = try Row.fetchAll(
                    db, sql: "\(select) WHERE \(filter.sql) ORDER BY \(order) LIMIT ? OFFSET ?",
                    arguments: filter.statementArguments + [page.limit, page.offset]
                )
                return ListPage(items: rows.map(Self.scoreItem), totalItems: total, next: nil)
            case .cursor(let after, let limit):
                if let after {
                    conditions.append(SQLFragment("(s.timestamp, s.id) < (?, ?)", [after.time, after.id]))
                }
                let filter = SQLFragment.all(conditions)
                let rows = try Row.fetchAll(
                    db, sql: "\(select) WHERE \(filter.sql) ORDER BY \(order) LIMIT ?", arguments: filter.statementArguments + [limit + 1]
                )
                let items = rows.prefix(limit).map(Self.scoreItem)
                let next = rows.count > limit ? items.last.map { ListPosition(time: $0.score.timestamp, id: $0.score.id) } : nil
                return ListPage(items: items, totalItems: nil, next: next)
            }
        }
    }

    static func scoreItem(_ row: Row) -> ScoreListItem {
        let hasTrace = (row["trace_row_id"] as String?) != nil
        return ScoreListItem(
            score: SQLiteRowCoding.score(row),
            trace: hasTrace ? TraceContext(
                name: row["trace_name"], userId: row["trace_user_id"], sessionId: row["trace_session_id"],
                tags: (JSONValue.parseStored(row["trace_tags"] ?? "[]")?.arrayValue ?? []).compactMap { $0.stringValue },
                release: row["trace_release"], version: row["trace_version"], bookmarked: row["trace_bookmarked"] ?? false,
                isPublic: row["trace_public"] ?? false
            ) : nil,
            traceEnvironment: row["trace_environment"]
        )
    }
}
