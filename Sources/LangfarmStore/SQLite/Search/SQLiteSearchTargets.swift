import GRDB
import LangfarmCore

/// The rows a list query searches: its table and the alias the query gives it.
enum SearchedRows {
    /// `observations AS alias`.
    case observations(alias: String)
    /// `traces AS alias`.
    case traces(alias: String)

    var alias: String {
        switch self {
        case .observations(let alias), .traces(let alias): alias
        }
    }

    /// Rows of the listed traces.
    ///
    /// Observations are restricted by rowid, which the time index holds, rather than by trace
    /// id, which it does not: with planner statistics SQLite reads a short list's rows by rowid
    /// and sorts them, but whenever it serves a list sorted by time from the time index instead
    /// (no statistics yet, a long list), the test stays in the index and only listed rows are
    /// read, where a test on the trace id would read every row in the window.
    func restricted(to traces: [String], projectId: String) -> SQLFragment {
        let list = SQLFragment.placeholders(traces.count)
        return switch self {
        case .observations(let alias):
            SQLFragment("\(alias).rowid IN (SELECT rowid FROM observations WHERE project_id = ? AND trace_id IN (\(list)))", [projectId] + traces)
        case .traces(let alias):
            SQLFragment("\(alias).id IN (\(list))", traces)
        }
    }
}

/// What `matches` compares: Langfuse's input and output, in any case, or the value of a
/// metadata key, case-sensitively.
enum SearchField {
    case input
    case output
    case metadata(key: String)

    /// The matcher's SQL call on `rows`, a 0 or 1 for each row.
    func check(on rows: SearchedRows, _ query: SearchQuery) -> SQLFragment {
        let alias = rows.alias
        return switch self {
        case .input: SQLFragment("\(SQLiteSearchFunctions.matches)(\(alias).input, ?, 0)", [query.text])
        case .output: SQLFragment("\(SQLiteSearchFunctions.matches)(\(alias).output, ?, 0)", [query.text])
        case .metadata(let key): SQLFragment("\(SQLiteSearchFunctions.matchesMetadata)(\(alias).metadata, ?, ?, 1)", [key, query.text])
        }
    }
}
