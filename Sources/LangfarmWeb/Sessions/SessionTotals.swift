import LangfarmCore
import LangfarmStore

/// Per-session totals for a page of sessions: their traces, read through the sessions index
/// in one trace query (sorted by session, which that index gives; sorted by time, SQLite walked
/// the project's time index: 0.75 s at 1M traces), summed here. Sessions with more traces than `traceLimit` together are
/// marked partial rather than read without bound.
struct SessionTotals: Sendable {
    static let traceLimit = 5_000

    struct Totals: Sendable {
        var traces = 0
        var users: Set<String> = []
        var cost = 0.0
        var tokens = 0.0
        var first: EpochMillis?
        var last: EpochMillis?

        var durationMillis: Int64? { first.flatMap { first in last.map { $0 - first } } }
    }

    let totals: [String: Totals]
    let partial: Bool

    static func read(projectId: String, sessionIds: [String], store: any Store) async throws -> SessionTotals {
        guard !sessionIds.isEmpty else { return SessionTotals(totals: [:], partial: false) }
        let page = try await store.traces(TraceListQuery(
            projectId: projectId,
            conditions: [FilterCondition(column: .sessionId, type: .stringOptions, operator: .anyOf, value: .strings(sessionIds))],
            order: TraceOrder(field: .sessionId, direction: .ascending), page: PageRequest(page: 1, limit: traceLimit), fields: [.metrics]
        ))
        var totals: [String: Totals] = [:]
        for item in page.items {
            guard let sessionId = item.trace.sessionId else { continue }
            var session = totals[sessionId, default: Totals()]
            session.traces += 1
            if let user = item.trace.userId { session.users.insert(user) }
            session.cost += item.aggregates.totalCost
            session.tokens += item.aggregates.totalTokens
            session.first = min(session.first ?? item.trace.timestamp, item.trace.timestamp)
            session.last = max(session.last ?? item.trace.timestamp, item.trace.timestamp)
            totals[sessionId] = session
        }
        return SessionTotals(totals: totals, partial: page.totalItems > page.items.count)
    }
}
