import LangfarmCore

/// v1's `traces` view over the trace rows (`t`), with the aggregates where the store's
/// `TraceRowsLayout` keeps them (over all the trace's observations). As Langfuse joins the
/// observations (and the scores) for them, a trace without one in the query's window drops out
/// of a query that asks for them.
package struct TraceMetrics: MetricsSource {
    package typealias Scan = MetricsScan<TraceField, TraceMeasure>

    package let dialect: any SQLDialect
    package let layout: any TraceRowsLayout
    package let timeColumn = "t.timestamp"
    package let projectColumn = "t.project_id"

    package init(_ dialect: any SQLDialect, layout: any TraceRowsLayout) {
        self.dialect = dialect
        self.layout = layout
    }

    package func from(_ scan: Scan) -> BoundSQL {
        "\(unescaped: layout.metricsTables(scan))"
    }

    package func conditions(_ scan: Scan) -> [BoundSQL] {
        var conditions: [BoundSQL] = []
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

    package func column(_ field: TraceField) throws -> MetricsSourceColumn {
        switch field {
        case .id: .text("t.id", emptyIsAbsent: false)
        case .name: .text("t.name", emptyIsAbsent: false)
        case .tags: .textList("t.tags")
        case .userId: .text("t.user_id", emptyIsAbsent: false)
        case .sessionId: .text("t.session_id", emptyIsAbsent: false)
        case .release: .text("t.release", emptyIsAbsent: false)
        case .version: .text("t.version", emptyIsAbsent: false)
        case .environment: .text("t.environment", emptyIsAbsent: false)
        case .timestampMonth: .calendar(.month, ofMillis: "t.timestamp", in: dialect)
        case .timestamp: .number("t.timestamp", in: dialect)
        case .metadata: .text("t.metadata", emptyIsAbsent: false)
        }
    }

    /// The trace list's own filter SQL, for the columns it shares.
    package func filter(_ condition: FilterCondition<TraceField>) throws -> BoundSQL {
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
        guard let shared else { return MetricsFilterSQL(dialect).sql(condition, on: try column(condition.column)) }
        return TraceFilterSQL(dialect, layout: layout).sql(condition.retyped(as: shared))
    }

    package func value(of measure: TraceMeasure, in scan: Scan) -> BoundSQL {
        switch measure {
        case .count: "1"
        case .observationsCount: "\(unescaped: layout.aggregate(.observationCount))"
        case .scoresCount: "(\(scores(scan, selecting: "COUNT(*)")))"
        case .uniqueUserIds: "t.user_id"
        case .uniqueSessionIds: "t.session_id"
        case .latency: "\(unescaped: layout.aggregate(.latency))"
        case .totalTokens: "\(unescaped: layout.aggregate(.totalTokens))"
        case .totalCost: "\(unescaped: dialect.readableNumber(layout.aggregate(.totalCost)))"
        }
    }

    /// The trace's scores in the query's window.
    private func scores(_ scan: Scan, selecting selection: String) -> BoundSQL {
        """
        SELECT \(unescaped: selection) FROM scores s WHERE s.project_id = t.project_id AND s.trace_id = t.id
            AND s.timestamp BETWEEN \(scan.queryWindow.from) AND \(scan.queryWindow.to)
        """
    }
}
