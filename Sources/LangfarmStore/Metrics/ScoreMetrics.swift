import LangfarmCore

/// The score views over the score rows (`s`) of one segment's data types. Trace fields join the
/// score's trace (`t`) and observation fields its observation (`o`), each bounded by the query's
/// window, as Langfuse's inner joins are: a score without one drops out of a query that uses
/// them.
package struct ScoreMetrics: MetricsSource {
    package typealias Scan = MetricsScan<ScoreField, ScoreMeasure>

    package let dialect: any SQLDialect
    /// `scores s`, with the index a scan ranges over where the store names it.
    package let table: String
    package let segment: ScoreSegment
    package let timeColumn = "s.timestamp"
    package let projectColumn = "s.project_id"

    package init(_ dialect: any SQLDialect, table: String, segment: ScoreSegment) {
        self.dialect = dialect
        self.table = table
        self.segment = segment
    }

    package func from(_ scan: Scan) -> BoundSQL {
        let fields = scan.dimensions + scan.filters.map(\.column)
        var tables: BoundSQL = "\(unescaped: table)"
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

    package func conditions(_ scan: Scan) -> [BoundSQL] {
        [FilterSQL(dialect).options("s.data_type", .anyOf, segment.dataTypes)]
    }

    package func column(_ field: ScoreField) throws -> MetricsSourceColumn {
        switch field {
        case .id: .text("s.id", emptyIsAbsent: false)
        case .environment: .text("s.environment")
        case .name: .text("s.name", emptyIsAbsent: false)
        case .evaluatorId:
            .text("""
                COALESCE(NULLIF(\(dialect.jsonMemberText("s.metadata", key: "evaluator_id")), ''),
                    \(dialect.jsonMemberText("s.metadata", key: "job_configuration_id")))
                """)
        case .source: .text("s.source", emptyIsAbsent: false)
        case .dataType: .text("s.data_type", emptyIsAbsent: false)
        case .traceId: .text("s.trace_id")
        case .configId: .text("s.config_id")
        case .timestampMonth: .calendar(.month, ofMillis: "s.timestamp", in: dialect)
        case .timestampDay: .calendar(.day, ofMillis: "s.timestamp", in: dialect)
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
        case .observationPromptVersion: .number("o.prompt_version", filteredAsText: true, in: dialect)
        case .experimentName, .experimentId: .text(dialect.nullText)
        case .value: .number("s.value", in: dialect)
        case .stringValue: .text("s.string_value")
        case .booleanValue: .bool("(s.value <> 0)")
        case .timestamp: .number("s.timestamp", in: dialect)
        case .metadata: .text("s.metadata", emptyIsAbsent: false)
        }
    }

    package func filter(_ condition: FilterCondition<ScoreField>) throws -> BoundSQL {
        guard condition.column == .metadata else { return MetricsFilterSQL(dialect).sql(condition, on: try column(condition.column)) }
        return FilterSQL(dialect).metadata(condition, of: "s.metadata")
    }

    package func value(of measure: ScoreMeasure, in scan: Scan) -> BoundSQL {
        measure == .count ? "1" : "s.value"
    }
}
