import LangfarmCore

/// The traces of the SQLite store: aggregates are the columns the projection keeps on the trace
/// row; tags and metadata equality go through their lookup tables (`trace_tags`,
/// `trace_metadata`), which hold a row per existing trace, written as `plan` says.
struct SQLiteTraceLayout: TraceRowsLayout {
    /// The project, bound into the lookup subqueries, so that SQLite evaluates them once rather
    /// than once per trace.
    let projectId: String
    var plan: SQLiteTraceFilter.Plan = .counting

    private var filters: FilterSQL { FilterSQL(SQLiteDialect()) }

    func aggregate(_ column: TraceAggregateColumn) -> String {
        column == .totalCost && !plan.costIndex ? "+t.total_cost" : "t.\(column.rawValue)"
    }

    func tags(_ condition: FilterCondition<TraceColumn>) -> BoundSQL {
        let tags = Array(Set(condition.value.strings)).sorted()
        if plan.lookups == .probePerTrace, condition.type != .null, !tags.isEmpty {
            let probe: BoundSQL = "SELECT COUNT(*) FROM trace_tags WHERE project_id = \(projectId) AND tag IN (\(tags)) AND trace_id = t.id"
            switch condition.operator {
            case .allOf: return "(\(probe)) = \(unescaped: String(tags.count))"
            case .noneOf: return "(\(probe)) = 0"
            default: return "(\(probe)) > 0"
            }
        }
        let matching: BoundSQL = "SELECT trace_id FROM trace_tags WHERE project_id = \(projectId) AND tag IN (\(tags))"
        switch (condition.type, condition.operator) {
        case (.null, _): return filters.tags(condition, of: "t.tags")
        case (_, .allOf):
            guard !tags.isEmpty else { return .alwaysTrue }
            return "t.id IN (\(matching) GROUP BY trace_id HAVING COUNT(*) = \(unescaped: String(tags.count)))"
        case (_, .noneOf):
            guard !tags.isEmpty else { return .alwaysTrue }
            return "t.id NOT IN (\(matching))"
        default:
            guard !tags.isEmpty else { return .alwaysFalse }
            return "t.id IN (\(matching))"
        }
    }

    /// Equality with an indexed value through the lookup table, anything else on the row's
    /// metadata (`FilterSQL.metadata`).
    func metadata(_ condition: FilterCondition<TraceColumn>) -> BoundSQL {
        let key = condition.key ?? ""
        let value = condition.value.string ?? ""
        guard condition.type != .null, condition.operator == .equals, MetadataIndex.isIndexed(key: key, value: value) else {
            return filters.metadata(condition, of: "t.metadata")
        }
        if plan.lookups == .probePerTrace, condition.type == .stringObject {
            return "EXISTS (SELECT 1 FROM trace_metadata WHERE project_id = \(projectId) AND key = \(key) AND value = \(value) AND trace_id = t.id)"
        }
        return "t.id IN (SELECT trace_id FROM trace_metadata WHERE project_id = \(projectId) AND key = \(key) AND value = \(value))"
    }

    /// The window's range of `traces_by_time`; for a scan of listed users (`userId` equal to
    /// or any of some values), their ranges of `traces_by_user`, which hold a few of the
    /// window's traces rather than all of them (the dashboard counts its top users' traces so).
    func metricsTables(_ scan: MetricsScan<TraceField, TraceMeasure>) -> String {
        let listsUsers = scan.filters.contains { condition in
            guard condition.column == .userId else { return false }
            return (condition.type == .string && condition.operator == .equals)
                || (condition.type == .stringOptions && condition.operator == .anyOf && !condition.value.strings.isEmpty)
        }
        return "traces t INDEXED BY \(listsUsers ? "traces_by_user" : "traces_by_time")"
    }
}
