import LangfarmCore

/// Score filter conditions as SQL on `scores s LEFT JOIN traces t` (the score's trace, for its
/// user and tags), with the SQLite store's semantics (`SQLiteScoreFilter`).
enum PostgresScoreFilter {
    static func sql(_ condition: FilterCondition<ScoreColumn>) -> PostgresFragment {
        switch condition.column {
        case .id: PostgresFilterSQL.scalar("s.id", condition)
        case .name: PostgresFilterSQL.scalar("s.name", condition)
        case .timestamp: PostgresFilterSQL.scalar("s.timestamp", condition)
        case .environment: PostgresFilterSQL.scalar("s.environment", condition)
        case .source: PostgresFilterSQL.scalar("s.source", condition)
        case .dataType: PostgresFilterSQL.scalar("s.data_type", condition)
        case .value: PostgresFilterSQL.scalar("s.value", condition)
        case .stringValue: PostgresFilterSQL.scalar("s.string_value", condition)
        case .configId: PostgresFilterSQL.scalar("s.config_id", condition)
        case .queueId: PostgresFilterSQL.scalar("s.queue_id", condition)
        // Langfarm keeps no annotation authors: no score has one.
        case .authorUserId: PostgresFilterSQL.scalar("NULL::text", condition)
        case .traceId: PostgresFilterSQL.scalar("s.trace_id", condition)
        case .observationId: PostgresFilterSQL.scalar("s.observation_id", condition)
        case .sessionId: PostgresFilterSQL.scalar("s.session_id", condition)
        case .datasetRunId: PostgresFilterSQL.scalar("s.dataset_run_id", condition)
        case .metadata: PostgresTraceFilter.metadata(condition, of: "s.metadata")
        case .userId: PostgresFilterSQL.scalar("t.user_id", condition)
        // A score without a trace row matches no condition on its trace's tags.
        case .traceTags: PostgresFragment.all(["t.id IS NOT NULL", PostgresTraceFilter.tags(condition, of: "t.tags")])
        }
    }
}
