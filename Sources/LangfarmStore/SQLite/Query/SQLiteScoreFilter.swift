import GRDB
import LangfarmCore

/// Score filter conditions as SQL on `scores s LEFT JOIN traces t` (the score's trace, for its
/// user and tags).
enum SQLiteScoreFilter {
    static func sql(_ condition: FilterCondition<ScoreColumn>, projectId: String) -> SQLFragment {
        switch condition.column {
        case .id: SQLiteFilterSQL.scalar("s.id", condition)
        case .name: SQLiteFilterSQL.scalar("s.name", condition)
        case .timestamp: SQLiteFilterSQL.scalar("s.timestamp", condition)
        case .environment: SQLiteFilterSQL.scalar("s.environment", condition)
        case .source: SQLiteFilterSQL.scalar("s.source", condition)
        case .dataType: SQLiteFilterSQL.scalar("s.data_type", condition)
        case .value: SQLiteFilterSQL.scalar("s.value", condition)
        case .stringValue: SQLiteFilterSQL.scalar("s.string_value", condition)
        case .configId: SQLiteFilterSQL.scalar("s.config_id", condition)
        case .queueId: SQLiteFilterSQL.scalar("s.queue_id", condition)
        // Langfarm keeps no annotation authors: no score has one.
        case .authorUserId: SQLiteFilterSQL.scalar("NULL", condition)
        case .traceId: SQLiteFilterSQL.scalar("s.trace_id", condition)
        case .observationId: SQLiteFilterSQL.scalar("s.observation_id", condition)
        case .sessionId: SQLiteFilterSQL.scalar("s.session_id", condition)
        case .datasetRunId: SQLiteFilterSQL.scalar("s.dataset_run_id", condition)
        case .metadata: SQLiteTraceFilter.metadata(condition, table: "s", lookup: nil, id: "s.id")
        case .userId: SQLiteFilterSQL.scalar("t.user_id", condition)
        case .traceTags: SQLFragment.all([SQLFragment("t.id IS NOT NULL"), SQLiteTraceFilter.tags(condition.retyped(as: TraceColumn.tags), projectId: projectId)])
        }
    }
}
