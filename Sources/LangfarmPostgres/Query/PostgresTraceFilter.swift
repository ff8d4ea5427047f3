import LangfarmCore

/// Trace filter conditions as SQL on `traces t` joined with its aggregates
/// (`PostgresTraceAggregates.join`, alias `a`), with the SQLite store's semantics
/// (`SQLiteTraceFilter`). There are no lookup tables: tags are tested on the row's array (a GIN
/// index answers `&&` and `@>`), metadata on the row's JSON; score conditions look at the
/// trace's scores.
enum PostgresTraceFilter {
    static func sql(_ condition: FilterCondition<TraceColumn>) -> PostgresFragment {
        let aggregate = PostgresTraceAggregates.expression
        return switch condition.column {
        case .id: PostgresFilterSQL.scalar("t.id", condition)
        case .name: PostgresFilterSQL.scalar("t.name", condition)
        case .timestamp: PostgresFilterSQL.scalar("t.timestamp", condition)
        case .userId: PostgresFilterSQL.scalar("t.user_id", condition)
        case .sessionId: PostgresFilterSQL.scalar("t.session_id", condition)
        case .environment: PostgresFilterSQL.scalar("t.environment", condition)
        case .version: PostgresFilterSQL.scalar("t.version", condition)
        case .release: PostgresFilterSQL.scalar("t.release", condition)
        case .bookmarked: PostgresFilterSQL.scalar("t.bookmarked", condition)
        case .tags: tags(condition, of: "t.tags")
        case .metadata: metadata(condition, of: "t.metadata")
        case .latency: PostgresFilterSQL.scalar("COALESCE(a.latency_ms, 0)", condition, scale: 1000)
        case .inputTokens: PostgresFilterSQL.scalar(aggregate("input_tokens"), condition)
        case .outputTokens: PostgresFilterSQL.scalar(aggregate("output_tokens"), condition)
        case .totalTokens: PostgresFilterSQL.scalar(aggregate("total_tokens"), condition)
        case .inputCost: PostgresFilterSQL.scalar(aggregate("input_cost"), condition)
        case .outputCost: PostgresFilterSQL.scalar(aggregate("output_cost"), condition)
        case .totalCost: PostgresFilterSQL.scalar(aggregate("total_cost"), condition)
        case .level: PostgresFilterSQL.scalar(highestLevel, condition)
        case .warningCount: PostgresFilterSQL.scalar(aggregate("warning_count"), condition)
        case .errorCount: PostgresFilterSQL.scalar(aggregate("error_count"), condition)
        case .defaultCount: PostgresFilterSQL.scalar(aggregate("default_count"), condition)
        case .debugCount: PostgresFilterSQL.scalar(aggregate("debug_count"), condition)
        case .scoresAverage: scoresAverage(condition)
        case .scoreCategories: scoreCategories(condition)
        case .scoreBooleans: scoreBooleans(condition)
        }
    }

    /// The highest level among the trace's observations, from its level counts; DEFAULT for a
    /// trace without observations, as Langfuse shows it.
    static let highestLevel = """
        (CASE WHEN a.error_count > 0 THEN 'ERROR' WHEN a.warning_count > 0 THEN 'WARNING'
              WHEN a.default_count > 0 THEN 'DEFAULT' WHEN a.debug_count > 0 THEN 'DEBUG' ELSE 'DEFAULT' END)
        """

    /// `any of`, `all of` and `none of` a set of tags (an empty set: nothing, everything,
    /// everything), and a `null` filter: no tags at all; `column` is a `text[]` expression.
    static func tags<Column>(_ condition: FilterCondition<Column>, of column: String) -> PostgresFragment {
        let tags = Array(Set(condition.value.strings)).sorted()
        switch (condition.type, condition.operator) {
        case (.null, .isNull): return "cardinality(\(unescaped: column)) = 0"
        case (.null, _): return "cardinality(\(unescaped: column)) > 0"
        case (_, .allOf): return tags.isEmpty ? .alwaysTrue : "\(unescaped: column) @> \(tags)::text[]"
        case (_, .noneOf): return tags.isEmpty ? .alwaysTrue : "NOT (\(unescaped: column) && \(tags)::text[])"
        default: return tags.isEmpty ? .alwaysFalse : "\(unescaped: column) && \(tags)::text[]"
        }
    }

    /// A top-level metadata value of the JSON object in `column`, as text: a string is itself,
    /// other values their JSON (`json_each_text`, as `MetadataIndex.text`); a JSON null is no
    /// value. The key is bound, never part of a JSON path.
    static func metadata<Column>(_ condition: FilterCondition<Column>, of column: String) -> PostgresFragment {
        let key = condition.key ?? ""
        let entry = "SELECT 1 FROM json_each_text(\(PostgresJSONText.readable(column))) j WHERE j.key = "
        if condition.type == .null {
            let exists: PostgresFragment = "EXISTS (\(unescaped: entry)\(key) AND j.value IS NOT NULL)"
            return condition.operator == .isNull ? "NOT \(exists)" : exists
        }
        let value = condition.value.string ?? ""
        if condition.operator == .doesNotContain {
            // A missing key reads as '' (Langfuse's map access), which contains only ''.
            let test = PostgresFilterSQL.text("j.value", .contains, value)
            return "NOT EXISTS (\(unescaped: entry)\(key) AND j.value IS NOT NULL AND \(test))"
        }
        let test = PostgresFilterSQL.text("j.value", condition.operator, value)
        return "EXISTS (\(unescaped: entry)\(key) AND j.value IS NOT NULL AND \(test))"
    }

    /// The average of the trace's numeric (and boolean) scores named `key`; a trace without
    /// such scores has no average and matches no comparison.
    static func scoresAverage(_ condition: FilterCondition<TraceColumn>) -> PostgresFragment {
        let test = PostgresFilterSQL.scalar("average.value", condition)
        return """
            (SELECT \(test) FROM (SELECT AVG(s.value) AS value FROM scores s WHERE s.project_id = t.project_id AND s.trace_id = t.id
                AND s.name = \(condition.key ?? "") AND s.data_type IN ('NUMERIC', 'BOOLEAN')) average) IS TRUE
            """
    }

    static func scoreCategories(_ condition: FilterCondition<TraceColumn>) -> PostgresFragment {
        let exists: PostgresFragment = """
            EXISTS (SELECT 1 FROM scores s WHERE s.project_id = t.project_id AND s.trace_id = t.id AND s.name = \(condition.key ?? "")
                AND s.data_type = 'CATEGORICAL' AND s.string_value = ANY(\(condition.value.strings)::text[]))
            """
        return condition.operator == .noneOf ? "NOT \(exists)" : exists
    }

    /// `=` needs a boolean score of that value; `<>` also matches traces without the score, as
    /// in Langfuse.
    static func scoreBooleans(_ condition: FilterCondition<TraceColumn>) -> PostgresFragment {
        let wanted: Double = condition.value.bool ?? false ? 1 : 0
        let exists: PostgresFragment = """
            EXISTS (SELECT 1 FROM scores s WHERE s.project_id = t.project_id AND s.trace_id = t.id AND s.name = \(condition.key ?? "")
                AND s.data_type = 'BOOLEAN' AND s.value = \(wanted))
            """
        return condition.operator == .notEquals ? "NOT \(exists)" : exists
    }
}
