import LangfarmCore

/// Score filter conditions as SQL on `scores s LEFT JOIN traces t` (the score's trace, for its
/// user and tags).
package struct ScoreFilterSQL: Sendable {
    package let filters: FilterSQL
    /// The trace's tags, tested as trace filters test them.
    package let traces: any TraceRowsLayout

    package init(_ dialect: any SQLDialect, traces: any TraceRowsLayout) {
        filters = FilterSQL(dialect)
        self.traces = traces
    }

    package func sql(_ condition: FilterCondition<ScoreColumn>) -> BoundSQL {
        switch condition.column {
        case .id: filters.scalar("s.id", condition)
        case .name: filters.scalar("s.name", condition)
        case .timestamp: filters.scalar("s.timestamp", condition)
        case .environment: filters.scalar("s.environment", condition)
        case .source: filters.scalar("s.source", condition)
        case .dataType: filters.scalar("s.data_type", condition)
        case .value: filters.scalar("s.value", condition)
        case .stringValue: filters.scalar("s.string_value", condition)
        case .configId: filters.scalar("s.config_id", condition)
        case .queueId: filters.scalar("s.queue_id", condition)
        // Langfarm keeps no annotation authors: no score has one.
        case .authorUserId: filters.scalar(filters.dialect.nullText, condition)
        case .traceId: filters.scalar("s.trace_id", condition)
        case .observationId: filters.scalar("s.observation_id", condition)
        case .sessionId: filters.scalar("s.session_id", condition)
        case .datasetRunId: filters.scalar("s.dataset_run_id", condition)
        case .metadata: filters.metadata(condition, of: "s.metadata")
        case .userId: filters.scalar("t.user_id", condition)
        // A score without a trace row matches no condition on its trace's tags.
        case .traceTags: .all(["t.id IS NOT NULL", traces.tags(condition.retyped(as: TraceColumn.tags))])
        }
    }
}
