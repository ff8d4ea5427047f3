import LangfarmCore

/// Observation filter conditions as SQL on `observations o LEFT JOIN traces t`, with the SQLite
/// store's semantics (`SQLiteObservationFilter`). The trace's attributes are read from the
/// joined trace (observations keep no copies on PostgreSQL); an observation whose trace has no
/// row has none, and no tags.
enum PostgresObservationFilter {
    /// Every condition but a content search (`PostgresSearch`).
    static func sql(_ condition: FilterCondition<ObservationColumn>) -> PostgresFragment {
        switch condition.column {
        case .id: return PostgresFilterSQL.scalar("o.id", condition)
        case .type: return PostgresFilterSQL.scalar("o.type", condition)
        case .name: return PostgresFilterSQL.scalar("o.name", condition)
        case .traceId: return PostgresFilterSQL.scalar("o.trace_id", condition)
        case .parentObservationId: return PostgresFilterSQL.scalar("o.parent_observation_id", condition)
        case .startTime: return PostgresFilterSQL.scalar("o.start_time", condition)
        case .endTime: return PostgresFilterSQL.scalar("o.end_time", condition)
        case .environment: return PostgresFilterSQL.scalar("o.environment", condition)
        case .level: return PostgresFilterSQL.scalar("o.level", condition)
        case .statusMessage: return PostgresFilterSQL.scalar("o.status_message", condition)
        case .version: return PostgresFilterSQL.scalar("o.version", condition)
        case .latency: return PostgresFilterSQL.scalar("o.latency_ms", condition, scale: 1000)
        case .timeToFirstToken: return PostgresFilterSQL.scalar("o.time_to_first_token_ms", condition, scale: 1000)
        case .tokensPerSecond: return PostgresFilterSQL.scalar("(o.total_tokens * 1000.0 / NULLIF(o.latency_ms, 0))", condition)
        case .inputTokens: return PostgresFilterSQL.scalar("o.input_tokens", condition)
        case .outputTokens: return PostgresFilterSQL.scalar("o.output_tokens", condition)
        case .totalTokens: return PostgresFilterSQL.scalar("o.total_tokens", condition)
        case .inputCost: return PostgresFilterSQL.scalar("o.input_cost", condition)
        case .outputCost: return PostgresFilterSQL.scalar("o.output_cost", condition)
        case .totalCost: return PostgresFilterSQL.scalar("o.total_cost", condition)
        case .model: return PostgresFilterSQL.scalar("o.provided_model_name", condition)
        case .modelId: return PostgresFilterSQL.scalar("o.internal_model_id", condition)
        case .promptName: return PostgresFilterSQL.scalar("o.prompt_name", condition)
        case .promptVersion: return PostgresFilterSQL.scalar("o.prompt_version", condition)
        case .metadata: return PostgresTraceFilter.metadata(condition, of: "o.metadata")
        case .input: return io("o.input", condition)
        case .output: return io("o.output", condition)
        case .isRootObservation: return PostgresFilterSQL.scalar("(o.parent_observation_id IS NULL)", condition)
        case .userId: return PostgresFilterSQL.scalar("t.user_id", condition)
        case .sessionId: return PostgresFilterSQL.scalar("t.session_id", condition)
        case .traceName: return PostgresFilterSQL.scalar("t.name", condition)
        case .release: return PostgresFilterSQL.scalar("t.release", condition)
        case .traceEnvironment: return PostgresFilterSQL.scalar("t.environment", condition)
        case .traceTags: return PostgresTraceFilter.tags(condition, of: "COALESCE(t.tags, '{}'::text[])")
        }
    }

    /// Input and output compared as Langfuse stores them: a string as itself, anything else as
    /// its JSON text.
    static func io(_ column: String, _ condition: FilterCondition<ObservationColumn>) -> PostgresFragment {
        PostgresFilterSQL.scalar("(CASE WHEN left(\(column), 1) = '\"' THEN \(PostgresJSONText.readable(column)) #>> '{}' ELSE \(column) END)", condition)
    }
}
