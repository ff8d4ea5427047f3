import GRDB
import LangfarmCore

/// Trace filter conditions as SQL on `traces t`. Tags and metadata equality go through their
/// lookup tables (`trace_tags`, `trace_metadata`); aggregates are the columns the projection
/// keeps on the trace; score conditions look at the trace's scores.
enum SQLiteTraceFilter {
    /// How a condition on a lookup table is written, which decides SQLite's plan: as the list of
    /// matching trace ids (`IN`: read every match, then sort; right for few matches and for
    /// counting), or as a probe per trace (`EXISTS`: walk the traces newest first and stop at
    /// the page; right when many traces match). The caller knows which from the total.
    enum LookupPlan {
        case matchList
        case probePerTrace
    }

    /// How a page's conditions are written, chosen from how many traces match them.
    struct Plan: Equatable {
        var lookups: LookupPlan
        /// Whether a total-cost condition may read through `traces_by_cost`, which also holds
        /// each trace's timestamp and id, so that its matches are sorted without reading their
        /// rows (right for few matches), or is checked on each trace walked newest first (`+`
        /// keeps SQLite off the index, which it would otherwise take for any cost range).
        var costIndex: Bool

        /// A count reads every match, through whichever index finds them.
        static let counting = Plan(lookups: .matchList, costIndex: true)

        /// The plan for a page of `total` matches. Sorting matches costs per match and walking
        /// costs per trace skipped, so each way of reading has a limit: a match list of lookup
        /// ids reads each trace's row to sort it (5,000), cost-index entries are sorted as they
        /// are (20,000; at 1M traces reading 10,000 by the index takes 3 ms, walking 37 ms:
        /// docs/PERFORMANCE.md, "Read side").
        static func page(matching total: Int) -> Plan {
            Plan(lookups: total <= 5_000 ? .matchList : .probePerTrace, costIndex: total <= 20_000)
        }
    }

    /// `projectId` is bound into the lookup subqueries, so that SQLite evaluates them once
    /// rather than once per trace.
    static func sql(_ condition: FilterCondition<TraceColumn>, projectId: String, plan: Plan = .counting) -> SQLFragment {
        let lookups = plan.lookups
        return switch condition.column {
        case .id: SQLiteFilterSQL.scalar("t.id", condition)
        case .name: SQLiteFilterSQL.scalar("t.name", condition)
        case .timestamp: SQLiteFilterSQL.scalar("t.timestamp", condition)
        case .userId: SQLiteFilterSQL.scalar("t.user_id", condition)
        case .sessionId: SQLiteFilterSQL.scalar("t.session_id", condition)
        case .environment: SQLiteFilterSQL.scalar("t.environment", condition)
        case .version: SQLiteFilterSQL.scalar("t.version", condition)
        case .release: SQLiteFilterSQL.scalar("t.release", condition)
        case .bookmarked: SQLiteFilterSQL.scalar("t.bookmarked", condition)
        case .tags: tags(condition, projectId: projectId, plan: lookups)
        case .metadata: metadata(condition, projectId: projectId, plan: lookups)
        case .latency: SQLiteFilterSQL.scalar("COALESCE(t.latency_ms, 0)", condition, scale: 1000)
        case .inputTokens: SQLiteFilterSQL.scalar("t.input_tokens", condition)
        case .outputTokens: SQLiteFilterSQL.scalar("t.output_tokens", condition)
        case .totalTokens: SQLiteFilterSQL.scalar("t.total_tokens", condition)
        case .inputCost: SQLiteFilterSQL.scalar("t.input_cost", condition)
        case .outputCost: SQLiteFilterSQL.scalar("t.output_cost", condition)
        case .totalCost: SQLiteFilterSQL.scalar(plan.costIndex ? "t.total_cost" : "+t.total_cost", condition)
        case .level: SQLiteFilterSQL.scalar(highestLevel, condition)
        case .warningCount: SQLiteFilterSQL.scalar("t.warning_count", condition)
        case .errorCount: SQLiteFilterSQL.scalar("t.error_count", condition)
        case .defaultCount: SQLiteFilterSQL.scalar("t.default_count", condition)
        case .debugCount: SQLiteFilterSQL.scalar("t.debug_count", condition)
        case .scoresAverage: scoresAverage(condition)
        case .scoreCategories: scoreCategories(condition)
        case .scoreBooleans: scoreBooleans(condition)
        }
    }

    /// The highest level among the trace's observations, from its level counts.
    static let highestLevel = """
        (CASE WHEN t.error_count > 0 THEN 'ERROR' WHEN t.warning_count > 0 THEN 'WARNING'
              WHEN t.default_count > 0 THEN 'DEFAULT' WHEN t.debug_count > 0 THEN 'DEBUG' ELSE 'DEFAULT' END)
        """

    /// `any of`, `all of` and `none of` a set of tags (and a `null` filter: no tags at all).
    static func tags(_ condition: FilterCondition<TraceColumn>, projectId: String, plan: LookupPlan = .matchList) -> SQLFragment {
        let tags = Array(Set(condition.value.strings)).sorted()
        let list = SQLFragment.placeholders(tags.count)
        if plan == .probePerTrace, condition.type != .null, !tags.isEmpty {
            let probe = "SELECT COUNT(*) FROM trace_tags WHERE project_id = ? AND tag IN (\(list)) AND trace_id = t.id"
            let arguments = [projectId] + tags
            switch condition.operator {
            case .allOf: return SQLFragment("(\(probe)) = \(tags.count)", arguments)
            case .noneOf: return SQLFragment("(\(probe)) = 0", arguments)
            default: return SQLFragment("(\(probe)) > 0", arguments)
            }
        }
        let matching = "SELECT trace_id FROM trace_tags WHERE project_id = ? AND tag IN (\(list))"
        let arguments = [projectId] + tags
        switch (condition.type, condition.operator) {
        case (.null, .isNull): return SQLFragment("t.tags = '[]'")
        case (.null, _): return SQLFragment("t.tags <> '[]'")
        case (_, .allOf):
            guard !tags.isEmpty else { return .alwaysTrue }
            return SQLFragment("t.id IN (\(matching) GROUP BY trace_id HAVING COUNT(*) = \(tags.count))", arguments)
        case (_, .noneOf):
            guard !tags.isEmpty else { return .alwaysTrue }
            return SQLFragment("t.id NOT IN (\(matching))", arguments)
        default:
            guard !tags.isEmpty else { return SQLFragment("0") }
            return SQLFragment("t.id IN (\(matching))", arguments)
        }
    }

    /// A top-level metadata value: equality through the lookup table, other operators on the
    /// row's metadata (the key may be any text: it is bound, never part of a JSON path).
    static func metadata(_ condition: FilterCondition<TraceColumn>, projectId: String, plan: LookupPlan = .matchList) -> SQLFragment {
        if plan == .probePerTrace, condition.operator == .equals, condition.type == .stringObject {
            let value = condition.value.string ?? ""
            if MetadataIndex.isIndexed(key: condition.key ?? "", value: value) {
                return SQLFragment(
                    "EXISTS (SELECT 1 FROM trace_metadata WHERE project_id = ? AND key = ? AND value = ? AND trace_id = t.id)",
                    [projectId, condition.key ?? "", value]
                )
            }
        }
        return metadata(condition, table: "t", lookup: SQLFragment("SELECT trace_id FROM trace_metadata WHERE project_id = ?", [projectId]), id: "t.id")
    }

    /// Metadata conditions on any table whose rows carry a `metadata` JSON object; `lookup`
    /// (optional) is a query of ids by `key` and `value` for equality.
    static func metadata<Column>(_ condition: FilterCondition<Column>, table: String, lookup: SQLFragment?, id: String) -> SQLFragment {
        let key = condition.key ?? ""
        let value = condition.value.string ?? ""
        if condition.type == .null {
            let exists = "EXISTS (SELECT 1 FROM json_each(\(table).metadata) j WHERE j.key = ? AND j.type <> 'null')"
            return SQLFragment(condition.operator == .isNull ? "NOT \(exists)" : exists, [key])
        }
        if condition.operator == .equals, let lookup, MetadataIndex.isIndexed(key: key, value: value) {
            return SQLFragment(sql: "\(id) IN (\(lookup.sql) AND key = ? AND value = ?)", arguments: lookup.arguments + [key.databaseValue, value.databaseValue])
        }
        let valueText = "(CASE j.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(j.value AS TEXT) END)"
        if condition.operator == .doesNotContain {
            // A missing key reads as '' (Langfuse's map access), which contains only ''.
            let test = SQLiteFilterSQL.text(valueText, .contains, value)
            return SQLFragment(
                sql: "NOT EXISTS (SELECT 1 FROM json_each(\(table).metadata) j WHERE j.key = ? AND j.type <> 'null' AND \(test.sql))",
                arguments: [key.databaseValue] + test.arguments
            )
        }
        let test = SQLiteFilterSQL.text(valueText, condition.operator, value)
        return SQLFragment(
            sql: "EXISTS (SELECT 1 FROM json_each(\(table).metadata) j WHERE j.key = ? AND j.type <> 'null' AND \(test.sql))",
            arguments: [key.databaseValue] + test.arguments
        )
    }

    /// The average of the trace's numeric (and boolean) scores named `key`; a trace without
    /// such scores has no average and matches no comparison.
    static func scoresAverage(_ condition: FilterCondition<TraceColumn>) -> SQLFragment {
        let average = """
            (SELECT AVG(s.value) FROM scores s WHERE s.project_id = t.project_id AND s.trace_id = t.id AND s.name = ?
                AND s.data_type IN ('NUMERIC', 'BOOLEAN'))
            """
        let test = SQLiteFilterSQL.scalar(average, condition)
        return SQLFragment(sql: test.sql, arguments: [(condition.key ?? "").databaseValue] + test.arguments)
    }

    static func scoreCategories(_ condition: FilterCondition<TraceColumn>) -> SQLFragment {
        let values = condition.value.strings
        let exists = """
            EXISTS (SELECT 1 FROM scores s WHERE s.project_id = t.project_id AND s.trace_id = t.id AND s.name = ?
                AND s.data_type = 'CATEGORICAL' AND s.string_value IN (\(SQLFragment.placeholders(values.count))))
            """
        return SQLFragment(condition.operator == .noneOf ? "NOT \(exists)" : exists, [condition.key ?? ""] + values)
    }

    /// `=` needs a boolean score of that value; `<>` also matches traces without the score, as
    /// in Langfuse.
    static func scoreBooleans(_ condition: FilterCondition<TraceColumn>) -> SQLFragment {
        let wanted = condition.value.bool ?? false
        let exists = """
            EXISTS (SELECT 1 FROM scores s WHERE s.project_id = t.project_id AND s.trace_id = t.id AND s.name = ?
                AND s.data_type = 'BOOLEAN' AND s.value = ?)
            """
        return condition.operator == .notEquals
            ? SQLFragment("NOT \(exists)", [condition.key ?? "", wanted ? 1 : 0])
            : SQLFragment(exists, [condition.key ?? "", wanted ? 1 : 0])
    }
}
