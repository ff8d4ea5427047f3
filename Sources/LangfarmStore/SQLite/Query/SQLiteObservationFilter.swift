import GRDB
import LangfarmCore

/// Observation filter conditions as SQL on `observations o`. The trace's attributes are the
/// copies every observation row carries; numbers are the derived columns the projection keeps.
enum SQLiteObservationFilter {
    /// `matches` conditions read the search index (docs/SEARCH.md), hence the project and the
    /// read transaction.
    static func sql(_ condition: FilterCondition<ObservationColumn>, projectId: String, in db: Database) throws -> SQLFragment {
        if condition.operator == .matches, let field = searchField(condition) {
            return try SQLiteSearch.matches(
                field, of: .observations(alias: "o"), query: SearchQuery(condition.value.string ?? ""), projectId: projectId, in: db
            )
        }
        return sql(condition)
    }

    static func searchField(_ condition: FilterCondition<ObservationColumn>) -> SearchField? {
        switch condition.column {
        case .input: .input
        case .output: .output
        case .metadata: .metadata(key: condition.key ?? "")
        default: nil
        }
    }

    /// Every condition but `matches`.
    private static func sql(_ condition: FilterCondition<ObservationColumn>) -> SQLFragment {
        switch condition.column {
        case .id: SQLiteFilterSQL.scalar("o.id", condition)
        case .type: SQLiteFilterSQL.scalar("o.type", condition)
        case .name: SQLiteFilterSQL.scalar("o.name", condition)
        case .traceId: SQLiteFilterSQL.scalar("o.trace_id", condition)
        case .parentObservationId: SQLiteFilterSQL.scalar("o.parent_observation_id", condition)
        case .startTime: SQLiteFilterSQL.scalar("o.start_time", condition)
        case .endTime: SQLiteFilterSQL.scalar("o.end_time", condition)
        case .environment: SQLiteFilterSQL.scalar("o.environment", condition)
        case .level: SQLiteFilterSQL.scalar("o.level", condition)
        case .statusMessage: SQLiteFilterSQL.scalar("o.status_message", condition)
        case .version: SQLiteFilterSQL.scalar("o.version", condition)
        case .latency: SQLiteFilterSQL.scalar("o.latency_ms", condition, scale: 1000)
        case .timeToFirstToken: SQLiteFilterSQL.scalar("o.time_to_first_token_ms", condition, scale: 1000)
        case .tokensPerSecond: SQLiteFilterSQL.scalar("(o.total_tokens * 1000.0 / NULLIF(o.latency_ms, 0))", condition)
        case .inputTokens: SQLiteFilterSQL.scalar("o.input_tokens", condition)
        case .outputTokens: SQLiteFilterSQL.scalar("o.output_tokens", condition)
        case .totalTokens: SQLiteFilterSQL.scalar("o.total_tokens", condition)
        case .inputCost: SQLiteFilterSQL.scalar("o.input_cost", condition)
        case .outputCost: SQLiteFilterSQL.scalar("o.output_cost", condition)
        case .totalCost: SQLiteFilterSQL.scalar("o.total_cost_value", condition)
        case .model: SQLiteFilterSQL.scalar("o.provided_model_name", condition)
        case .modelId: SQLiteFilterSQL.scalar("o.internal_model_id", condition)
        case .promptName: SQLiteFilterSQL.scalar("o.prompt_name", condition)
        case .promptVersion: SQLiteFilterSQL.scalar("o.prompt_version", condition)
        case .metadata: SQLiteTraceFilter.metadata(condition, table: "o", lookup: nil, id: "o.id")
        case .input: io("o.input", condition)
        case .output: io("o.output", condition)
        case .isRootObservation: SQLiteFilterSQL.scalar("(o.parent_observation_id IS NULL)", condition)
        case .userId: SQLiteFilterSQL.scalar("o.user_id", condition)
        case .sessionId: SQLiteFilterSQL.scalar("o.session_id", condition)
        case .traceName: SQLiteFilterSQL.scalar("o.trace_name", condition)
        case .release: SQLiteFilterSQL.scalar("o.trace_release", condition)
        case .traceEnvironment:
            SQLiteFilterSQL.scalar("(SELECT t.environment FROM traces t WHERE t.project_id = o.project_id AND t.id = o.trace_id)", condition)
        case .traceTags: tags("o.trace_tags", condition)
        }
    }

    /// Input and output compared as Langfuse stores them: a string as itself, anything else as
    /// its JSON text.
    static func io(_ column: String, _ condition: FilterCondition<ObservationColumn>) -> SQLFragment {
        SQLiteFilterSQL.scalar("(CASE WHEN substr(\(column), 1, 1) = '\"' THEN json_extract(\(column), '$') ELSE \(column) END)", condition)
    }

    /// `any of`, `all of` and `none of` on a JSON array of tags held in the row.
    static func tags(_ column: String, _ condition: FilterCondition<ObservationColumn>) -> SQLFragment {
        let tags = Array(Set(condition.value.strings)).sorted()
        let matching = "SELECT COUNT(DISTINCT j.value) FROM json_each(\(column)) j WHERE j.value IN (\(SQLFragment.placeholders(tags.count)))"
        switch (condition.type, condition.operator) {
        case (.null, .isNull): return SQLFragment("\(column) = '[]'")
        case (.null, _): return SQLFragment("\(column) <> '[]'")
        case (_, .allOf): return tags.isEmpty ? .alwaysTrue : SQLFragment("(\(matching)) = \(tags.count)", tags)
        case (_, .noneOf): return tags.isEmpty ? .alwaysTrue : SQLFragment("(\(matching)) = 0", tags)
        default: return tags.isEmpty ? SQLFragment("0") : SQLFragment("(\(matching)) > 0", tags)
        }
    }
}
