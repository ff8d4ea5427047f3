import LangfarmCore

/// Trace filter conditions as SQL on `traces t` and what the store's `TraceRowsLayout` joins;
/// score conditions look at the trace's scores.
package struct TraceFilterSQL: Sendable {
    package let filters: FilterSQL
    package let layout: any TraceRowsLayout

    package init(_ dialect: any SQLDialect, layout: any TraceRowsLayout) {
        filters = FilterSQL(dialect)
        self.layout = layout
    }

    package func sql(_ condition: FilterCondition<TraceColumn>) -> BoundSQL {
        switch condition.column {
        case .id: filters.scalar("t.id", condition)
        case .name: filters.scalar("t.name", condition)
        case .timestamp: filters.scalar("t.timestamp", condition)
        case .userId: filters.scalar("t.user_id", condition)
        case .sessionId: filters.scalar("t.session_id", condition)
        case .environment: filters.scalar("t.environment", condition)
        case .version: filters.scalar("t.version", condition)
        case .release: filters.scalar("t.release", condition)
        case .bookmarked: filters.scalar("t.bookmarked", condition)
        case .tags: layout.tags(condition)
        case .metadata: layout.metadata(condition)
        case .latency: filters.scalar("COALESCE(\(layout.aggregate(.latency)), 0)", condition, scale: 1000)
        case .inputTokens: aggregate(.inputTokens, condition)
        case .outputTokens: aggregate(.outputTokens, condition)
        case .totalTokens: aggregate(.totalTokens, condition)
        case .inputCost: aggregate(.inputCost, condition)
        case .outputCost: aggregate(.outputCost, condition)
        case .totalCost: aggregate(.totalCost, condition)
        case .level: filters.scalar(highestLevel, condition)
        case .warningCount: aggregate(.warningCount, condition)
        case .errorCount: aggregate(.errorCount, condition)
        case .defaultCount: aggregate(.defaultCount, condition)
        case .debugCount: aggregate(.debugCount, condition)
        case .scoresAverage: scoresAverage(condition)
        case .scoreCategories: scoreCategories(condition)
        case .scoreBooleans: scoreBooleans(condition)
        }
    }

    private func aggregate(_ column: TraceAggregateColumn, _ condition: FilterCondition<TraceColumn>) -> BoundSQL {
        filters.scalar(layout.aggregate(column), condition)
    }

    /// The highest level among the trace's observations, from its level counts; DEFAULT for a
    /// trace without observations, as Langfuse shows it.
    private var highestLevel: String {
        """
        (CASE WHEN \(layout.aggregate(.errorCount)) > 0 THEN 'ERROR' WHEN \(layout.aggregate(.warningCount)) > 0 THEN 'WARNING'
              WHEN \(layout.aggregate(.defaultCount)) > 0 THEN 'DEFAULT' WHEN \(layout.aggregate(.debugCount)) > 0 THEN 'DEBUG' ELSE 'DEFAULT' END)
        """
    }

    /// The average of the trace's numeric (and boolean) scores named `key`; a trace without
    /// such scores has no average and matches no comparison.
    private func scoresAverage(_ condition: FilterCondition<TraceColumn>) -> BoundSQL {
        let test = filters.scalar("average.value", condition)
        return """
            (SELECT \(test) FROM (SELECT AVG(s.value) AS value FROM scores s WHERE s.project_id = t.project_id AND s.trace_id = t.id
                AND s.name = \(condition.key ?? "") AND s.data_type IN ('NUMERIC', 'BOOLEAN')) average) IS TRUE
            """
    }

    private func scoreCategories(_ condition: FilterCondition<TraceColumn>) -> BoundSQL {
        let exists: BoundSQL = """
            EXISTS (SELECT 1 FROM scores s WHERE s.project_id = t.project_id AND s.trace_id = t.id AND s.name = \(condition.key ?? "")
                AND s.data_type = 'CATEGORICAL' AND \(filters.dialect.isIn("s.string_value", condition.value.strings)))
            """
        return condition.operator == .noneOf ? "NOT \(exists)" : exists
    }

    /// `=` needs a boolean score of that value; `<>` also matches traces without the score, as
    /// in Langfuse.
    private func scoreBooleans(_ condition: FilterCondition<TraceColumn>) -> BoundSQL {
        let wanted: Double = condition.value.bool ?? false ? 1 : 0
        let exists: BoundSQL = """
            EXISTS (SELECT 1 FROM scores s WHERE s.project_id = t.project_id AND s.trace_id = t.id AND s.name = \(condition.key ?? "")
                AND s.data_type = 'BOOLEAN' AND s.value = \(wanted))
            """
        return condition.operator == .notEquals ? "NOT \(exists)" : exists
    }
}
