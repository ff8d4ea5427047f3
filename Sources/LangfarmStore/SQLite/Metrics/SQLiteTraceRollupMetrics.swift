import LangfarmCore

/// v1's `traces` view over the hourly trace rollups (`trace_rollups`): how many traces share an
/// hour, environment and name. A trace without a name is kept apart from one named '' (`named`
/// is 0), so that grouping and filtering by name give what the rows give.
struct SQLiteTraceRollupMetrics: SQLiteRollupSource {
    let table = "trace_rollups"

    func column(_ field: TraceField) throws -> MetricsSourceColumn {
        switch field {
        case .environment: .text("r.environment", emptyIsAbsent: false)
        case .name: .text("(CASE WHEN r.named THEN r.name END)", emptyIsAbsent: false)
        case .timestampMonth: .calendar(.month, ofMillis: "(r.hour * \(ObservationRollupKey.hourMillis))", in: SQLiteDialect())
        default: throw StoreError("the trace rollups do not hold '\(field.rawValue)'; the planner reads rows for it")
        }
    }

    func column(_ part: PartialPart, of measure: TraceMeasure) throws -> String {
        guard measure == .count, part == .count || part == .sum else {
            throw StoreError("the trace rollups hold only trace counts, not the \(part.rawValue) of '\(measure.rawValue)'; the planner reads rows for it")
        }
        return "count"
    }
}
