import LangfarmCore
import LangfarmStore

/// The dashboard's questions for one project, window and set of filters, asked of the metrics
/// engine concurrently.
struct DashboardCards: Sendable {
    struct Named: Sendable {
        let name: String
        var count: Double = 0
        var tokens: Double = 0
        var cost: Double = 0
    }

    struct Latency: Sendable {
        let name: String
        let percentiles: [Double]
    }

    struct Answers: Sendable {
        var traceCount: Double = 0
        var totalCost: Double = 0
        var generationCount: Double = 0
        var tracesOverTime: [(label: String, value: Double)] = []
        var costOverTime: [(label: String, value: Double)] = []
        var modelCosts: [Named] = []
        var topUsers: [Named] = []
        var traceNames: [Named] = []
        var latencies: [Latency] = []

        static let empty = Answers()
    }

    let projectId: String
    let from: EpochMillis
    let to: EpochMillis
    let filters: DashboardFilters
    let store: any Store

    private func run(_ query: DashboardQuery) async throws -> [MetricsRow] {
        var query = query
        query.filters += filters.conditions
        return try await query.run(projectId: projectId, from: from, to: to, store: store).rows
    }

    /// The observation rollups are read twice rather than five times: cost, cost over time,
    /// model costs and the generation count are one query (count and cost by model, type and
    /// time), generation latencies the other, since a month of observation rollups is the
    /// largest read the dashboard makes.
    func answers() async throws -> Answers {
        let generation = DashboardQuery.filter("type", "=", "GENERATION", type: "string")
        async let traces = run(DashboardQuery(view: "traces", metrics: [("count", "count")]))
        async let tracesOverTime = run(DashboardQuery(view: "traces", metrics: [("count", "count")], timeSeries: true))
        async let costs = run(DashboardQuery(
            view: "observations", dimensions: ["providedModelName", "type"],
            metrics: [("count", "count"), ("totalTokens", "sum"), ("totalCost", "sum")], timeSeries: true
        ))
        async let users = topUsers()
        async let names = run(DashboardQuery(
            view: "traces", dimensions: ["name"], metrics: [("count", "count")], orderBy: ("count_count", "desc"), rowLimit: 10
        ))
        async let latencies = run(DashboardQuery(
            view: "observations", dimensions: ["name"],
            metrics: [("latency", "p50"), ("latency", "p90"), ("latency", "p95"), ("latency", "p99")], filters: [generation],
            orderBy: ("p95_latency", "desc"), rowLimit: 20
        ))
        var answers = Answers()
        answers.traceCount = try await traces.first?["count_count"]?.numeric ?? 0
        answers.tracesOverTime = try await tracesOverTime.map { (Self.timeLabel($0), $0["count_count"]?.numeric ?? 0) }
        let costRows = try await costs
        answers.totalCost = costRows.reduce(0) { $0 + ($1["sum_totalCost"]?.numeric ?? 0) }
        answers.generationCount = costRows.filter { Self.name($0, "type") == "GENERATION" }.reduce(0) { $0 + ($1["count_count"]?.numeric ?? 0) }
        answers.costOverTime = Self.sums(of: costRows, by: Self.timeLabel, "sum_totalCost").map { ($0.key, $0.cost) }
        answers.modelCosts = Self.sums(of: costRows, by: { Self.name($0, "providedModelName") ?? "" }, "sum_totalCost", tokens: "sum_totalTokens")
            .filter { !$0.key.isEmpty }.sorted { $0.cost > $1.cost }.prefix(20)
            .map { Named(name: $0.key, tokens: $0.tokens, cost: $0.cost) }
        answers.topUsers = try await users
        answers.traceNames = try await names.compactMap { row in
            Self.name(row, "name").map { Named(name: $0, count: row["count_count"]?.numeric ?? 0) }
        }
        answers.latencies = try await latencies.compactMap { row in
            Self.name(row, "name").map { name in
                Latency(name: name, percentiles: ["p50", "p90", "p95", "p99"].map { row["\($0)_latency"]?.numeric ?? 0 })
            }
        }
        return answers
    }

    /// The sums of `cost` (and `tokens`) over the rows that share a key, in the order the keys
    /// first appear (a series' rows come in time order).
    private static func sums(
        of rows: [MetricsRow], by key: (MetricsRow) -> String, _ cost: String, tokens: String? = nil
    ) -> [(key: String, cost: Double, tokens: Double)] {
        var order: [String] = []
        var totals: [String: (cost: Double, tokens: Double)] = [:]
        for row in rows {
            let name = key(row)
            if totals[name] == nil { order.append(name) }
            totals[name, default: (0, 0)].cost += row[cost]?.numeric ?? 0
            totals[name, default: (0, 0)].tokens += tokens.flatMap { row[$0]?.numeric } ?? 0
        }
        return order.map { (key: $0, cost: totals[$0]?.cost ?? 0, tokens: totals[$0]?.tokens ?? 0) }
    }

    /// The ten users whose observations in the window cost most (from the per-user rollups),
    /// with how many traces each has in the window (read through the by-user index).
    private func topUsers() async throws -> [Named] {
        let costs = try await run(DashboardQuery(
            view: "observations", dimensions: ["userId"], metrics: [("totalCost", "sum")],
            filters: [DashboardQuery.filter("userId", "is not null", .null, type: "null")], orderBy: ("sum_totalCost", "desc"), rowLimit: 10
        )).compactMap { row in Self.name(row, "userId").map { (name: $0, cost: row["sum_totalCost"]?.numeric ?? 0) } }
        guard !costs.isEmpty else { return [] }
        let traces = try await run(DashboardQuery(
            view: "traces", dimensions: ["userId"], metrics: [("count", "count")],
            filters: [DashboardQuery.filter("userId", "any of", .array(costs.map { .string($0.name) }), type: "stringOptions")]
        ))
        let counts = Dictionary(traces.compactMap { row in Self.name(row, "userId").map { ($0, row["count_count"]?.numeric ?? 0) } }) { first, _ in first }
        return costs.map { Named(name: $0.name, count: counts[$0.name] ?? 0, cost: $0.cost) }
    }

    /// A dimension's value as text; rows without one (no model, no user) are left out.
    private static func name(_ row: MetricsRow, _ key: String) -> String? {
        guard case .text(let text)? = row[key], !text.isEmpty else { return nil }
        return text
    }

    /// `2026-12-03 05:00` from the row's time bucket.
    private static func timeLabel(_ row: MetricsRow) -> String {
        guard case .text(let text)? = row["time_dimension"] else { return "" }
        return String(text.prefix(16)).replacingOccurrences(of: "T", with: " ")
    }
}
