import LangfarmCore

/// The `observations` view over the observation rows (`o`), as `SQLiteObservationMetrics` on
/// SQLite. Trace attributes come from the joined trace (`t`; PostgreSQL drops the join when no
/// field reads it); a cost or usage type dimension joins the row's details map, one row per key
/// (ClickHouse's `ARRAY JOIN`).
struct PostgresObservationMetrics: PostgresMetricsSource {
    typealias Scan = MetricsScan<ObservationField, ObservationMeasure>

    let timeColumn = "o.start_time"
    let projectColumn = "o.project_id"

    func from(_ scan: Scan) -> PostgresFragment {
        var tables = "observations o LEFT JOIN traces t ON t.project_id = o.project_id AND t.id = o.trace_id"
        if scan.dimensions.contains(.costType) { tables += " CROSS JOIN json_each_text(\(PostgresJSONText.readable("o.cost_details"))) AS pair" }
        if scan.dimensions.contains(.usageType) { tables += " CROSS JOIN json_each_text(\(PostgresJSONText.readable("o.usage_details"))) AS pair" }
        return "\(unescaped: tables)"
    }

    /// Langfuse joins the scores for `countScores`: observations without one in the query's
    /// window drop out.
    func conditions(_ scan: Scan) -> [PostgresFragment] {
        guard scan.measures.contains(where: { $0.measure == .countScores }) else { return [] }
        return ["EXISTS (\(scores(scan, selecting: "1")))"]
    }

    func column(_ field: ObservationField) throws -> PostgresMetricsColumn {
        switch field {
        case .id: .text("o.id", emptyIsAbsent: false)
        case .traceId: .text("o.trace_id", emptyIsAbsent: false)
        case .parentObservationId: .text("o.parent_observation_id")
        case .isRootObservation: .bool("(NULLIF(o.parent_observation_id, '') IS NULL)")
        case .type: .text("o.type", emptyIsAbsent: false)
        case .name: .text("o.name")
        case .level: .text("o.level", emptyIsAbsent: false)
        case .version: .text("o.version")
        case .environment: .text("o.environment")
        case .userId: .text("t.user_id")
        case .sessionId: .text("t.session_id")
        // An observation whose trace has no row has no tags, as on SQLite.
        case .tags: .textList("COALESCE(t.tags, '{}'::text[])")
        case .release: .text("t.release")
        case .traceName:
            .text("COALESCE(NULLIF(t.name, ''), CASE WHEN NULLIF(o.parent_observation_id, '') IS NULL THEN NULLIF(o.name, '') END)")
        case .traceVersion: .text("t.version")
        case .providedModelName: .text("o.provided_model_name")
        case .promptName: .text("o.prompt_name")
        case .promptVersion: .number("o.prompt_version", filteredAsText: true)
        case .startTimeMonth: .calendar("YYYY-MM", ofMillis: "o.start_time")
        case .costType, .usageType: .text("pair.key", emptyIsAbsent: false)
        case .experimentName, .experimentDatasetId, .experimentId: .text("NULL::text")
        case .startTime: .number("o.start_time")
        case .metadata: .text("o.metadata", emptyIsAbsent: false)
        }
    }

    func filter(_ condition: FilterCondition<ObservationField>) throws -> PostgresFragment {
        guard condition.column == .metadata else { return PostgresMetricsFilter.sql(condition, on: try column(condition.column)) }
        return PostgresTraceFilter.metadata(condition, of: "o.metadata")
    }

    /// A measure's value on one row: Langfuse's definitions (`ObservationMeasures` keeps the
    /// summed ones on the row); durations in whole seconds as ClickHouse's
    /// `date_diff('second', …)` counts them.
    func value(of measure: ObservationMeasure, in scan: Scan) -> PostgresFragment {
        switch measure {
        case .count: "1"
        case .traceId: "o.trace_id"
        case .uniqueUserIds: "NULLIF(t.user_id, '')"
        case .uniqueSessionIds: "NULLIF(t.session_id, '')"
        case .latency: "o.latency_ms"
        case .streamingLatency: "(o.end_time - o.completion_start_time)"
        case .timeToFirstToken: "o.time_to_first_token_ms"
        case .inputTokens: "o.input_tokens"
        case .outputTokens: "o.output_tokens"
        case .totalTokens: "o.total_tokens"
        case .outputTokensPerSecond: "(o.output_tokens / NULLIF(o.end_time / 1000 - o.completion_start_time / 1000, 0))"
        case .tokensPerSecond: "(o.total_tokens / NULLIF(o.end_time / 1000 - o.start_time / 1000, 0))"
        case .inputCost: "o.input_cost"
        case .outputCost: "o.output_cost"
        case .totalCost: "o.total_cost::float8"
        case .countScores: "(\(scores(scan, selecting: "COUNT(*)")))"
        case .costByType, .usageByType: "pair.value::float8"
        }
    }

    /// The observation's scores in the query's window.
    private func scores(_ scan: Scan, selecting selection: String) -> PostgresFragment {
        """
        SELECT \(unescaped: selection) FROM scores s WHERE s.project_id = o.project_id AND s.observation_id = o.id
            AND s.timestamp BETWEEN \(scan.queryWindow.from) AND \(scan.queryWindow.to)
        """
    }
}
