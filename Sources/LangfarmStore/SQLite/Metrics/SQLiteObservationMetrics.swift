import GRDB
import LangfarmCore

/// The `observations` view over the observation rows (`o`), ranging over
/// `observations_by_time`. Trace attributes are the copies each row carries; a cost or usage
/// type dimension joins the row's details map, one row per key (ClickHouse's `ARRAY JOIN`).
struct SQLiteObservationMetrics: SQLiteMetricsSource {
    typealias Scan = MetricsScan<ObservationField, ObservationMeasure>

    let timeColumn = "o.start_time"
    let projectColumn = "o.project_id"

    func from(_ scan: Scan) -> SQLFragment {
        var tables = "observations o INDEXED BY observations_by_time"
        if scan.dimensions.contains(.costType) { tables += ", json_each(o.cost_details) AS pair" }
        if scan.dimensions.contains(.usageType) { tables += ", json_each(o.usage_details) AS pair" }
        return SQLFragment(tables)
    }

    /// Langfuse joins the scores for `countScores`: observations without one in the query's
    /// window drop out.
    func conditions(_ scan: Scan) -> [SQLFragment] {
        guard scan.measures.contains(where: { $0.measure == .countScores }) else { return [] }
        let scores = scores(scan, selecting: "1")
        return [SQLFragment(sql: "EXISTS (\(scores.sql))", arguments: scores.arguments)]
    }

    func column(_ field: ObservationField) throws -> SQLiteMetricsColumn {
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
        case .userId: .text("o.user_id")
        case .sessionId: .text("o.session_id")
        case .tags: .textList("o.trace_tags")
        case .release: .text("o.trace_release")
        case .traceName:
            .text("COALESCE(NULLIF(o.trace_name, ''), CASE WHEN NULLIF(o.parent_observation_id, '') IS NULL THEN NULLIF(o.name, '') END)")
        case .traceVersion: .text("o.trace_version")
        case .providedModelName: .text("o.provided_model_name")
        case .promptName: .text("o.prompt_name")
        case .promptVersion: .number("o.prompt_version", filteredAsText: true)
        case .startTimeMonth: .calendar("%Y-%m", ofMillis: "o.start_time")
        case .costType, .usageType: .text("pair.key", emptyIsAbsent: false)
        case .experimentName, .experimentDatasetId, .experimentId: .text("NULL")
        case .startTime: .number("o.start_time")
        case .metadata: .text("o.metadata", emptyIsAbsent: false)
        }
    }

    func filter(_ condition: FilterCondition<ObservationField>) throws -> SQLFragment {
        guard condition.column == .metadata else { return SQLiteMetricsFilter.sql(condition, on: try column(condition.column)) }
        return SQLiteTraceFilter.metadata(condition, table: "o", lookup: nil, id: "o.id")
    }

    func aggregate(_ part: PartialPart, of measure: ObservationMeasure, in scan: Scan) throws -> SQLFragment {
        part.over(value(of: measure, in: scan))
    }

    /// A measure's value on one row: Langfuse's definitions (`ObservationMeasures` keeps the
    /// summed ones on the row); durations in whole seconds as ClickHouse's
    /// `date_diff('second', …)` counts them.
    private func value(of measure: ObservationMeasure, in scan: Scan) -> SQLFragment {
        switch measure {
        case .count: SQLFragment("1")
        case .traceId: SQLFragment("o.trace_id")
        case .uniqueUserIds: SQLFragment("NULLIF(o.user_id, '')")
        case .uniqueSessionIds: SQLFragment("NULLIF(o.session_id, '')")
        case .latency: SQLFragment("o.latency_ms")
        case .streamingLatency: SQLFragment("(o.end_time - o.completion_start_time)")
        case .timeToFirstToken: SQLFragment("o.time_to_first_token_ms")
        case .inputTokens: SQLFragment("o.input_tokens")
        case .outputTokens: SQLFragment("o.output_tokens")
        case .totalTokens: SQLFragment("o.total_tokens")
        case .outputTokensPerSecond: SQLFragment("(o.output_tokens / NULLIF(o.end_time / 1000 - o.completion_start_time / 1000, 0))")
        case .tokensPerSecond: SQLFragment("(o.total_tokens / NULLIF(o.end_time / 1000 - o.start_time / 1000, 0))")
        case .inputCost: SQLFragment("o.input_cost")
        case .outputCost: SQLFragment("o.output_cost")
        case .totalCost: SQLFragment("o.total_cost_value")
        case .countScores:
            SQLFragment(sql: "(\(scores(scan, selecting: "COUNT(*)").sql))", arguments: scores(scan, selecting: "COUNT(*)").arguments)
        case .costByType: SQLFragment("CAST(pair.value AS REAL)")
        case .usageByType: SQLFragment("pair.value")
        }
    }

    /// The observation's scores in the query's window.
    private func scores(_ scan: Scan, selecting selection: String) -> SQLFragment {
        SQLFragment(
            "SELECT \(selection) FROM scores s WHERE s.project_id = o.project_id AND s.observation_id = o.id AND s.timestamp BETWEEN ? AND ?",
            [scan.queryWindow.from, scan.queryWindow.to]
        )
    }
}
