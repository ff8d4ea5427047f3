import LangfarmCore

/// The `observations` view over the observation rows (`o`), with the trace's attributes where
/// the store's `ObservationRowsLayout` keeps them; a cost or usage type dimension joins the
/// row's details map, one row per key (ClickHouse's `ARRAY JOIN`).
package struct ObservationMetrics: MetricsSource {
    package typealias Scan = MetricsScan<ObservationField, ObservationMeasure>

    package let dialect: any SQLDialect
    package let layout: ObservationRowsLayout
    package let timeColumn = "o.start_time"
    package let projectColumn = "o.project_id"

    package init(_ dialect: any SQLDialect, layout: ObservationRowsLayout) {
        self.dialect = dialect
        self.layout = layout
    }

    package func from(_ scan: Scan) -> BoundSQL {
        var tables = layout.metricsTables
        if scan.dimensions.contains(.costType) { tables += " CROSS JOIN \(dialect.jsonEntries(of: "o.cost_details")) AS pair" }
        if scan.dimensions.contains(.usageType) { tables += " CROSS JOIN \(dialect.jsonEntries(of: "o.usage_details")) AS pair" }
        return "\(unescaped: tables)"
    }

    /// Langfuse joins the scores for `countScores`: observations without one in the query's
    /// window drop out.
    package func conditions(_ scan: Scan) -> [BoundSQL] {
        guard scan.measures.contains(where: { $0.measure == .countScores }) else { return [] }
        return ["EXISTS (\(scores(scan, selecting: "1")))"]
    }

    package func column(_ field: ObservationField) throws -> MetricsSourceColumn {
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
        case .userId: .text(layout.traceUserId)
        case .sessionId: .text(layout.traceSessionId)
        case .tags: .textList(layout.traceTags)
        case .release: .text(layout.traceRelease)
        case .traceName:
            .text("COALESCE(NULLIF(\(layout.traceName), ''), CASE WHEN NULLIF(o.parent_observation_id, '') IS NULL THEN NULLIF(o.name, '') END)")
        case .traceVersion: .text(layout.traceVersion)
        case .providedModelName: .text("o.provided_model_name")
        case .promptName: .text("o.prompt_name")
        case .promptVersion: .number("o.prompt_version", filteredAsText: true, in: dialect)
        case .startTimeMonth: .calendar(.month, ofMillis: "o.start_time", in: dialect)
        case .costType, .usageType: .text("pair.key", emptyIsAbsent: false)
        case .experimentName, .experimentDatasetId, .experimentId: .text(dialect.nullText)
        case .startTime: .number("o.start_time", in: dialect)
        case .metadata: .text("o.metadata", emptyIsAbsent: false)
        }
    }

    package func filter(_ condition: FilterCondition<ObservationField>) throws -> BoundSQL {
        guard condition.column == .metadata else { return MetricsFilterSQL(dialect).sql(condition, on: try column(condition.column)) }
        return FilterSQL(dialect).metadata(condition, of: "o.metadata")
    }

    /// A measure's value on one row: Langfuse's definitions (`ObservationMeasures` keeps the
    /// summed ones on the row); durations in whole seconds as ClickHouse's
    /// `date_diff('second', …)` counts them.
    package func value(of measure: ObservationMeasure, in scan: Scan) -> BoundSQL {
        switch measure {
        case .count: "1"
        case .traceId: "o.trace_id"
        case .uniqueUserIds: "NULLIF(\(unescaped: layout.traceUserId), '')"
        case .uniqueSessionIds: "NULLIF(\(unescaped: layout.traceSessionId), '')"
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
        case .totalCost: "\(unescaped: dialect.readableNumber(layout.totalCost))"
        case .countScores: "(\(scores(scan, selecting: "COUNT(*)")))"
        case .costByType: "\(unescaped: dialect.castToReal("pair.value"))"
        case .usageByType: "\(unescaped: dialect.readableNumber("pair.value"))"
        }
    }

    /// The observation's scores in the query's window.
    private func scores(_ scan: Scan, selecting selection: String) -> BoundSQL {
        """
        SELECT \(unescaped: selection) FROM scores s WHERE s.project_id = o.project_id AND s.observation_id = o.id
            AND s.timestamp BETWEEN \(scan.queryWindow.from) AND \(scan.queryWindow.to)
        """
    }
}
