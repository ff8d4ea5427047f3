import GRDB
import LangfarmCore

/// v1's `traces` view over the trace rows (`t`), ranging over `traces_by_time`. Observation
/// measures are the aggregates the projection keeps on each trace (over all its observations);
/// as Langfuse joins the observations (and the scores) for them, a trace without one in the
/// query's window drops out of a query that asks for them.
struct SQLiteTraceMetrics: SQLiteMetricsSource {
    /// The project scanned, bound into the tag and metadata lookups.
    let projectId: String

    typealias Scan = MetricsScan<TraceField, TraceMeasure>

    let timeColumn = "t.timestamp"
    let projectColumn = "t.project_id"

    /// The window's range of `traces_by_time`; for a scan of listed users (`userId` equal to
    /// or any of some values), their ranges of `traces_by_user`, which hold a few of the
    /// window's traces rather than all of them (the dashboard counts its top users' traces so).
    func from(_ scan: Scan) -> SQLFragment {
        let listsUsers = scan.filters.contains { condition in
            guard condition.column == .userId else { return false }
            return (condition.type == .string && condition.operator == .equals)
                || (condition.type == .stringOptions && condition.operator == .anyOf && !condition.value.strings.isEmpty)
        }
        return SQLFragment("traces t INDEXED BY \(listsUsers ? "traces_by_user" : "traces_by_time")")
    }

    func conditions(_ scan: Scan) -> [SQLFragment] {
        var conditions: [SQLFragment] = []
        if scan.measures.contains(where: { $0.measure.joinsObservations }) {
            conditions.append(SQLFragment(
                "EXISTS (SELECT 1 FROM observations o WHERE o.project_id = t.project_id AND o.trace_id = t.id AND o.start_time BETWEEN ? AND ?)",
                [scan.queryWindow.from, scan.queryWindow.to]
            ))
        }
        if scan.measures.contains(where: { $0.measure == .scoresCount }) {
            let scores = scores(scan, selecting: "1")
            conditions.append(SQLFragment(sql: "EXISTS (\(scores.sql))", arguments: scores.arguments))
        }
        return conditions
    }

    func column(_ field: TraceField) throws -> SQLiteMetricsColumn {
        switch field {
        case .id: .text("t.id", emptyIsAbsent: false)
        case .name: .text("t.name", emptyIsAbsent: false)
        case .tags: .textList("t.tags")
        case .userId: .text("t.user_id", emptyIsAbsent: false)
        case .sessionId: .text("t.session_id", emptyIsAbsent: false)
        case .release: .text("t.release", emptyIsAbsent: false)
        case .version: .text("t.version", emptyIsAbsent: false)
        case .environment: .text("t.environment", emptyIsAbsent: false)
        case .timestampMonth: .calendar("%Y-%m", ofMillis: "t.timestamp")
        case .timestamp: .number("t.timestamp")
        case .metadata: .text("t.metadata", emptyIsAbsent: false)
        }
    }

    /// The trace list's own filter SQL, for the columns it shares (tags and metadata through
    /// their lookup tables).
    func filter(_ condition: FilterCondition<TraceField>) throws -> SQLFragment {
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
        guard let shared else { return SQLiteMetricsFilter.sql(condition, on: try column(condition.column)) }
        return SQLiteTraceFilter.sql(condition.retyped(as: shared), projectId: projectId)
    }

    func aggregate(_ part: PartialPart, of measure: TraceMeasure, in scan: Scan) throws -> SQLFragment {
        let value = switch measure {
        case .count: SQLFragment("1")
        case .observationsCount: SQLFragment("t.observation_count")
        case .scoresCount: SQLFragment(sql: "(\(scores(scan, selecting: "COUNT(*)").sql))", arguments: scores(scan, selecting: "COUNT(*)").arguments)
        case .uniqueUserIds: SQLFragment("t.user_id")
        case .uniqueSessionIds: SQLFragment("t.session_id")
        case .latency: SQLFragment("t.latency_ms")
        case .totalTokens: SQLFragment("t.total_tokens")
        case .totalCost: SQLFragment("t.total_cost")
        }
        return part.over(value)
    }

    /// The trace's scores in the query's window.
    private func scores(_ scan: Scan, selecting selection: String) -> SQLFragment {
        SQLFragment(
            "SELECT \(selection) FROM scores s WHERE s.project_id = t.project_id AND s.trace_id = t.id AND s.timestamp BETWEEN ? AND ?",
            [scan.queryWindow.from, scan.queryWindow.to]
        )
    }
}
