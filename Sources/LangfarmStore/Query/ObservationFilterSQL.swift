import LangfarmCore

/// Observation filter conditions as SQL on `observations o`, with the trace's attributes where
/// the store's `ObservationRowsLayout` keeps them. Content searches (`matches` on input,
/// output or metadata) are each store's own (docs/SEARCH.md).
package struct ObservationFilterSQL: Sendable {
    package let filters: FilterSQL
    package let layout: ObservationRowsLayout

    package init(_ dialect: any SQLDialect, layout: ObservationRowsLayout) {
        filters = FilterSQL(dialect)
        self.layout = layout
    }

    package func sql(_ condition: FilterCondition<ObservationColumn>) -> BoundSQL {
        switch condition.column {
        case .id: filters.scalar("o.id", condition)
        case .type: filters.scalar("o.type", condition)
        case .name: filters.scalar("o.name", condition)
        case .traceId: filters.scalar("o.trace_id", condition)
        case .parentObservationId: filters.scalar("o.parent_observation_id", condition)
        case .startTime: filters.scalar("o.start_time", condition)
        case .endTime: filters.scalar("o.end_time", condition)
        case .environment: filters.scalar("o.environment", condition)
        case .level: filters.scalar("o.level", condition)
        case .statusMessage: filters.scalar("o.status_message", condition)
        case .version: filters.scalar("o.version", condition)
        case .latency: filters.scalar("o.latency_ms", condition, scale: 1000)
        case .timeToFirstToken: filters.scalar("o.time_to_first_token_ms", condition, scale: 1000)
        case .tokensPerSecond: filters.scalar("(o.total_tokens * 1000.0 / NULLIF(o.latency_ms, 0))", condition)
        case .inputTokens: filters.scalar("o.input_tokens", condition)
        case .outputTokens: filters.scalar("o.output_tokens", condition)
        case .totalTokens: filters.scalar("o.total_tokens", condition)
        case .inputCost: filters.scalar("o.input_cost", condition)
        case .outputCost: filters.scalar("o.output_cost", condition)
        case .totalCost: filters.scalar(layout.totalCost, condition)
        case .model: filters.scalar("o.provided_model_name", condition)
        case .modelId: filters.scalar("o.internal_model_id", condition)
        case .promptName: filters.scalar("o.prompt_name", condition)
        case .promptVersion: filters.scalar("o.prompt_version", condition)
        case .metadata: filters.metadata(condition, of: "o.metadata")
        // Input and output compared as Langfuse stores them: a string as itself, anything
        // else as its JSON text.
        case .input: filters.scalar(filters.dialect.unquotedJSON("o.input"), condition)
        case .output: filters.scalar(filters.dialect.unquotedJSON("o.output"), condition)
        case .isRootObservation: filters.scalar("(o.parent_observation_id IS NULL)", condition)
        case .userId: filters.scalar(layout.traceUserId, condition)
        case .sessionId: filters.scalar(layout.traceSessionId, condition)
        case .traceName: filters.scalar(layout.traceName, condition)
        case .release: filters.scalar(layout.traceRelease, condition)
        case .traceEnvironment: filters.scalar(layout.traceEnvironment, condition)
        case .traceTags: filters.tags(condition, of: layout.traceTags)
        }
    }
}
