import LangfarmCore

/// v1's `traces` view over the trace rows (`t`), as `SQLiteTraceMetrics` on SQLite.
/// Observation measures are the trace's aggregates (`a`, over all its observations); as
/// Langfuse joins the observations (and the scores) for them, a trace without one in the
/// query's window drops out of a query that asks for them.
struct PostgresTraceMetrics: PostgresMetricsSource {
    typealias Scan = MetricsScan<TraceField, TraceMeasure>

    let timeColumn = "t.timestamp"
    let projectColumn = "t.project_id"

    func from(_ scan: Scan) -> PostgresFragment {
        "traces t \(unescaped: PostgresTraceAggregates.join)"
    }

    func conditions(_ scan: Scan) -> [PostgresFragment] {
        var conditions: [PostgresFragment] = []
        if scan.measures.contains(where: { $0.measure.joinsObservations }) {
            conditions.append("""
                EXISTS (SELECT 1 FROM observations o WHERE o.project_id = t.project_id AND o.trace_id = t.id
                    AND o.start_time BETWEEN \(scan.queryWindow.from) AND \(scan.queryWindow.to))
                """)
        }
        if scan.measures.contains(where: { $0.measure == .scoresCount }) {
            conditions.append("EXISTS (\(scores(scan, selecting: "1")))")
        }
        return conditions
    }

    func column(_ field: TraceField) throws -> PostgresMetricsColumn {
        switch field {
        case .id: .text("t.id", emptyIsAbsent: false)
        case .name: .text("t.name", emptyIsAbsent: false)
        case .tags: .textList("t.tags")
        case .userId: .text("t.user_id", emptyIsAbsent: false)
        case .sessionId: .text("t.session_id", emptyIsAbsent: false)
        case .release: .text("t.release", emptyIsAbsent: false)
        case .version: .text("t.version", emptyIsAbsent: false)
        case .environment: .text("t.environment", emptyIsAbsent: false)
        case .timestampMonth: .calendar("YYYY-MM", ofMillis: "t.timestamp")
        case .timestamp: .number("t.timestamp")
        case .metadata: .text("t.metadata", emptyIsAbsent: false)
        }
    }

    /// The trace list's own filter SQL, for the columns it shares.
    func filter(_ condition: FilterCondition<TraceField>) throws -> PostgresFragment {
        let shared: TraceColumn? = switch condition.column {
        case .id: .id
        case .name: .name
        case .tags: .tags
        case .userId: .userId
        case .sessionId: .sessionId
        case .release: .release
        case .version: .version
        case .environment: .environment
        case .timestamp: .timestamp
        case .metadata: .metadata
        case .timestampMonth: nil
        }
        guard let shared else { return PostgresMetricsFilter.sql(condition, on: try column(condition.column)) }
        return PostgresTraceFilter.sql(condition.retyped(as: shared))
    }

    func value(of measure: TraceMeasure, in scan: Scan) -> PostgresFragment {
        switch measure {
        case .count: "1"
        case .observationsCount: "\(unescaped: PostgresTraceAggregates.expression("observation_count"))"
        case .scoresCount: "(\(scores(scan, selecting: "COUNT(*)")))"
        case .uniqueUserIds: "t.user_id"
        case .uniqueSessionIds: "t.session_id"
        case .latency: "a.latency_ms"
        case .totalTokens: "\(unescaped: PostgresTraceAggregates.expression("total_tokens"))"
        case .totalCost: "\(unescaped: PostgresTraceAggregates.expression("total_cost"))::float8"
        }
    }

    /// The trace's scores in the query's window.
    private func scores(_ scan: Scan, selecting selection: String) -> PostgresFragment {
        """
        SELECT \(unescaped: selection) FROM scores s WHERE s.project_id = t.project_id AND s.trace_id = t.id
            AND s.timestamp BETWEEN \(scan.queryWindow.from) AND \(scan.queryWindow.to)
        """
    }
}
