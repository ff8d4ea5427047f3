import GRDB
import LangfarmCore

/// Trace filter conditions as SQL on `traces t`. Tags and metadata equality go through their
/// lookup tables (`trace_tags`, `trace_metadata`); aggregates are the columns the projection
/// keeps on the trace; score conditions look at the trace's scores.
enum SQLiteTraceFilter {
    static func sql(_ condition: FilterCondition<TraceColumn>) -> SQLFragment {
        switch condition.column {
        case .id: SQLiteFilterSQL.scalar("t.id", condition)
        case .name: SQLiteFilterSQL.scalar("t.name", condition)
        case .timestamp: SQLiteFilterSQL.scalar("t.timestamp", condition)
        case .userId: SQLiteFilterSQL.scalar("t.user_id", condition)
        case .sessionId: SQLiteFilterSQL.scalar("t.session_id", condition)
        case .environment: SQLiteFilterSQL.scalar("t.environment", condition)
        case .version: SQLiteFilterSQL.scalar("t.version", condition)
        case .release: SQLiteFilterSQL.scalar("t.release", condition)
        case .bookmarked: SQLiteFilterSQL.scalar("t.bookmarked", condition)
        case .tags: tags(condition)
        case .metadata: metadata(condition)
        case .latency: SQLiteFilterSQL.scalar("COALESCE(t.latency_ms, 0)", condition, scale: 1000)
        case .inputTokens: SQLiteFilterSQL.scalar("t.input_tokens", condition)
        case .outputTokens: SQLiteFilterSQL.scalar("t.output_tokens", condition)
        case .totalTokens: SQLiteFilterSQL.scalar("t.total_tokens", condition)
        case .inputCost: SQLiteFilterSQL.scalar("t.input_cost", condition)
        case .outputCost: SQLiteFilterSQL.scalar("t.output_cost", condition)
        case .totalCost: SQLiteFilterSQL.scalar("t.total_cost", condition)
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
    static func tags(_ condition: FilterCondition<TraceColumn>) -> SQLFragment {
        let tags = Array(Set(condition.value.strings)).sorted()
        let list = SQLFragment.placeholders(tags.count)
        let matching = "SELECT trace_id FROM trace_tags WHERE project_id = t.project_id AND tag IN (\(list))"
        switch (condition.type, condition.operator) {
        case (.null, .isNull): return SQLFragment("t.tags = '[]'")
        case (.null, _): return SQLFragment("t.tags <> '[]'")
        case (_, .allOf):
            guard !tags.isEmpty else { return .alwaysTrue }
            return SQLFragment("t.id IN (\(matching) GROUP BY trace_id HAVING COUNT(*) = \(tags.count))", tags)
        case (_, .noneOf):
            guard !tags.isEmpty else { return .alwaysTrue }
            return SQLFragment("t.id NOT IN (\(matching))", tags)
        default:
            guard !tags.isEmpty else { return SQLFragment("0") }
            return SQLFragment("t.id IN (\(matching))", tags)
        }
    }

    /// A top-level metadata value: equality through the lookup table, other operators on the
    /// row's metadata (the key may be any text: it is bound, never part of a JSON path).
    static func metadata(_ condition: FilterCondition<TraceColumn>) -> SQLFragment {
        metadata(condition, table: "t", lookup: "SELECT trace_id FROM trace_metadata WHERE project_id = t.project_id", id: "t.id")
    }

    /// Metadata conditions on any table whose rows carry a `metadata` JSON object; `lookup`
    /// (optional) is a query of ids by `key` and `value` for equality.
    static func metadata<Column>(_ condition: FilterCondition<Column>, table: String, lookup: String?, id: String) -> SQLFragment {
        let key = condition.key ?? ""
        let value = condition.value.string ?? ""
        if condition.type == .null {
            let exists = "EXISTS (SELECT 1 FROM json_each(\(table).metadata) j WHERE j.key = ? AND j.type <> 'null')"
            return SQLFragment(condition.operator == .isNull ? "NOT \(exists)" : exists, [key])
        }
        if condition.operator == .equals, let lookup, value.utf8.count <= MetadataIndex.maxIndexedLength {
            return SQLFragment("\(id) IN (\(lookup) AND key = ? AND value = ?)", [key, value])
        }
        let valueText = "(CASE j.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(j.value AS TEXT) END)"
        let test = SQLiteFilterSQL.text(valueText, condition.operator, value)
        return SQLFragment(
            sql: "EXISTS (SELECT 1 FROM json_each(\(table).metadata) j WHERE j.key = ? AND j.type <> 'null' AND \(test.sql))",
            arguments: [key.databaseValue] + test.arguments
        )
    }

    /// The average of the trace's numeric (and boolean) scores named `key`.
    static func scoresAverage(_ condition: FilterCondition<TraceColumn>) -> SQLFragment {
        let test = SQLiteFilterSQL.scalar("AVG(s.value)", condition)
        return SQLFragment(
            sql: """
                EXISTS (SELECT 1 FROM scores s WHERE s.project_id = t.project_id AND s.trace_id = t.id AND s.name = ?
                    AND s.data_type IN ('NUMERIC', 'BOOLEAN') HAVING COUNT(*) > 0 AND \(test.sql))
                """,
            arguments: [(condition.key ?? "").databaseValue] + test.arguments
        )
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
