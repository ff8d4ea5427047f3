import LangfarmCore

/// The score views over the score rows (`s`) of one segment's data types, as
/// `SQLiteScoreMetrics` on SQLite. Trace fields join the score's trace (`t`) and observation
/// fields its observation (`o`), each bounded by the query's window, as Langfuse's inner joins
/// are: a score without one drops out of a query that uses them.
struct PostgresScoreMetrics: PostgresMetricsSource {
    typealias Scan = MetricsScan<ScoreField, ScoreMeasure>

    let segment: ScoreSegment
    let timeColumn = "s.timestamp"
    let projectColumn = "s.project_id"

    func from(_ scan: Scan) -> PostgresFragment {
        let fields = scan.dimensions + scan.filters.map(\.column)
        var tables: PostgresFragment = "scores s"
        if fields.contains(where: \.joinsTrace) {
            tables = """
                \(tables) JOIN traces t ON t.project_id = s.project_id AND t.id = s.trace_id
                    AND t.timestamp BETWEEN \(scan.queryWindow.from) AND \(scan.queryWindow.to)
                """
        }
        if fields.contains(where: \.joinsObservation) {
            tables = """
                \(tables) JOIN observations o ON o.project_id = s.project_id AND o.id = s.observation_id
                    AND o.start_time BETWEEN \(scan.queryWindow.from) AND \(scan.queryWindow.to)
                """
        }
        return tables
    }

    func conditions(_ scan: Scan) -> [PostgresFragment] {
        [PostgresFilterSQL.options("s.data_type", .anyOf, segment.dataTypes)]
    }

    func column(_ field: ScoreField) throws -> PostgresMetricsColumn {
        switch field {
        case .id: .text("s.id", emptyIsAbsent: false)
        case .environment: .text("s.environment")
        case .name: .text("s.name", emptyIsAbsent: false)
        case .evaluatorId:
            .text("""
                COALESCE(NULLIF(\(PostgresJSONText.readable("s.metadata")) ->> 'evaluator_id', ''),
                    \(PostgresJSONText.readable("s.metadata")) ->> 'job_configuration_id')
                """)
        case .source: .text("s.source", emptyIsAbsent: false)
        case .dataType: .text("s.data_type", emptyIsAbsent: false)
        case .traceId: .text("s.trace_id")
        case .configId: .text("s.config_id")
        case .timestampMonth: .calendar("YYYY-MM", ofMillis: "s.timestamp")
        case .timestampDay: .calendar("YYYY-MM-DD", ofMillis: "s.timestamp")
        case .observationId: .text("s.observation_id")
        case .sessionId: .text("s.session_id")
        case .datasetRunId: .text("s.dataset_run_id")
        case .traceName: .text("t.name")
        case .userId: .text("t.user_id")
        case .tags: .textList("t.tags")
        case .traceRelease: .text("t.release")
        case .traceVersion: .text("t.version")
        case .traceSessionId: .text("t.session_id")
        case .observationName: .text("o.name", emptyIsAbsent: false)
        case .observationModelName: .text("o.provided_model_name")
        case .observationPromptName: .text("o.prompt_name")
        case .observationPromptVersion: .number("o.prompt_version", filteredAsText: true)
        case .experimentName, .experimentId: .text("NULL::text")
        case .value: .number("s.value")
        case .stringValue: .text("s.string_value")
        case .booleanValue: .bool("(s.value <> 0)")
        case .timestamp: .number("s.timestamp")
        case .metadata: .text("s.metadata", emptyIsAbsent: false)
        }
    }

    func filter(_ condition: FilterCondition<ScoreField>) throws -> PostgresFragment {
        guard condition.column == .metadata else { return PostgresMetricsFilter.sql(condition, on: try column(condition.column)) }
        return PostgresTraceFilter.metadata(condition, of: "s.metadata")
    }

    func value(of measure: ScoreMeasure, in scan: Scan) -> PostgresFragment {
        measure == .count ? "1" : "s.value"
    }
}
