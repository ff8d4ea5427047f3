import GRDB
import LangfarmCore

/// The total of a trace list, from the counters the projection keeps where the filter allows,
/// else from a count of the matching index entries, stopped past `TraceListQuery.countLimit`.
///
/// Counting 850,000 index entries for `environment = production` takes longer than the list
/// page itself; the counters answer the common single filters in a few rows: no filter, or only
/// environment and name conditions, from `trace_counts`; one tag, or one metadata value, from
/// their lookup tables (which hold a row per existing trace).
enum SQLiteTraceCount {
    static func count(_ query: TraceListQuery, filter: SQLFragment, in db: Database) throws -> Int {
        if query.search == nil, let shortcut = shortcut(query.conditions, projectId: query.projectId) {
            return try Int.fetchOne(db, sql: shortcut.sql, arguments: shortcut.statementArguments) ?? 0
        }
        if let limit = query.countLimit {
            // One more than the limit, so that the caller can tell "exactly the limit" from "more".
            return try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM (SELECT 1 FROM traces t WHERE \(filter.sql) LIMIT ?)",
                arguments: filter.statementArguments + [limit + 1]
            ) ?? 0
        }
        return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM traces t WHERE \(filter.sql)", arguments: filter.statementArguments) ?? 0
    }

    /// A count query over a counter or lookup table equivalent to the conditions, when there
    /// is one.
    static func shortcut(_ conditions: [FilterCondition<TraceColumn>], projectId: String) -> SQLFragment? {
        if conditions.count == 1, let condition = conditions.first {
            switch (condition.column, condition.operator, condition.value) {
            case (.tags, .anyOf, .strings(let tags)), (.tags, .allOf, .strings(let tags)):
                guard Set(tags).count == 1, let tag = tags.first else { break }
                return SQLFragment("SELECT COUNT(*) FROM trace_tags WHERE project_id = ? AND tag = ?", [projectId, tag])
            case (.metadata, .equals, .string(let value)) where condition.type == .stringObject
                && MetadataIndex.isIndexed(key: condition.key ?? "", value: value):
                return SQLFragment(
                    "SELECT COUNT(*) FROM trace_metadata WHERE project_id = ? AND key = ? AND value = ?", [projectId, condition.key ?? "", value]
                )
            default: break
            }
        }
        var cells = [SQLFragment("project_id = ?", [projectId])]
        for condition in conditions {
            let column: String
            switch condition.column {
            case .environment: column = "environment"
            case .name: column = "name"
            default: return nil
            }
            switch (condition.operator, condition.value) {
            case (.equals, .string(let value)):
                guard !(condition.column == .name && value.isEmpty) else { return nil }
                cells.append(SQLFragment("\(column) = ?", [value]))
            case (.anyOf, .strings(let values)) where !values.contains(""):
                cells.append(SQLFragment("\(column) IN (\(SQLFragment.placeholders(values.count)))", values))
            default:
                return nil
            }
        }
        let filter = SQLFragment.all(cells)
        return SQLFragment(sql: "SELECT COALESCE(SUM(traces), 0) FROM trace_counts WHERE \(filter.sql)", arguments: filter.arguments)
    }
}
