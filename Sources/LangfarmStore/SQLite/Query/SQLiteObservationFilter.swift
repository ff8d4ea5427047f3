import GRDB
import LangfarmCore

/// Observation filter conditions as SQL on `observations o`: content searches through the
/// search index, every other condition as `ObservationFilterSQL` writes it.
enum SQLiteObservationFilter {
    /// `matches` conditions read the search index (docs/SEARCH.md), hence the project and the
    /// read transaction.
    static func sql(_ condition: FilterCondition<ObservationColumn>, projectId: String, in db: Database) throws -> SQLFragment {
        if condition.operator == .matches, let field = searchField(condition) {
            return try SQLiteSearch.matches(
                field, of: .observations(alias: "o"), query: SearchQuery(condition.value.string ?? ""), projectId: projectId, in: db
            )
        }
        return sql(condition)
    }

    static func searchField(_ condition: FilterCondition<ObservationColumn>) -> SearchField? {
        switch condition.column {
        case .input: .input
        case .output: .output
        case .metadata: .metadata(key: condition.key ?? "")
        default: nil
        }
    }

    /// Every condition but `matches`.
    private static func sql(_ condition: FilterCondition<ObservationColumn>) -> SQLFragment {
        SQLFragment(ObservationFilterSQL(SQLiteDialect(), layout: .sqlite).sql(condition))
    }
}
