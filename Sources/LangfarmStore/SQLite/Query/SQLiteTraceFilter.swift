import GRDB
import LangfarmCore

/// Trace filter conditions as SQL on `traces t` (`TraceFilterSQL`), written as the plan a page
/// needs (`SQLiteTraceLayout`).
enum SQLiteTraceFilter {
    /// How a condition on a lookup table is written, which decides SQLite's plan: as the list of
    /// matching trace ids (`IN`: read every match, then sort; right for few matches and for
    /// counting), or as a probe per trace (`EXISTS`: walk the traces newest first and stop at
    /// the page; right when many traces match). The caller knows which from the total.
    enum LookupPlan {
        case matchList
        case probePerTrace
    }

    /// How a page's conditions are written, chosen from how many traces match them.
    struct Plan: Equatable {
        var lookups: LookupPlan
        /// Whether a total-cost condition may read through `traces_by_cost`, which also holds
        /// each trace's timestamp and id, so that its matches are sorted without reading their
        /// rows (right for few matches), or is checked on each trace walked newest first (`+`
        /// keeps SQLite off the index, which it would otherwise take for any cost range).
        var costIndex: Bool

        /// A count reads every match, through whichever index finds them.
        static let counting = Plan(lookups: .matchList, costIndex: true)

        /// The plan for a page of `total` matches. Sorting matches costs per match and walking
        /// costs per trace skipped, so each way of reading has a limit: a match list of lookup
        /// ids reads each trace's row to sort it (5,000), cost-index entries are sorted as they
        /// are (20,000; at 1M traces reading 10,000 by the index takes 3 ms, walking 37 ms:
        /// docs/PERFORMANCE.md, "Read side").
        static func page(matching total: Int) -> Plan {
            Plan(lookups: total <= 5_000 ? .matchList : .probePerTrace, costIndex: total <= 20_000)
        }
    }

    static func sql(_ condition: FilterCondition<TraceColumn>, projectId: String, plan: Plan) -> SQLFragment {
        SQLFragment(TraceFilterSQL(SQLiteDialect(), layout: SQLiteTraceLayout(projectId: projectId, plan: plan)).sql(condition))
    }
}
