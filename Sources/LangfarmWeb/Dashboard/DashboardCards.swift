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
        var modelLatencies: [Latency] = []

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

    func answers() async throws -> Answers {
        let generation = DashboardQuery.filter("type", "=", "GENERATION", type: "string")
        async let traces = run(DashboardQuery(view: "traces", metrics: [("count", "count")]))
        async let cost = run(DashboardQuery(view: "observations", metrics: [("totalCost", "sum")]))
        async let generations = run(DashboardQuery(view: "observations", metrics: [("count", "count")], filters: [generation]))
        async let tracesOverTime = run(DashboardQuery(view: "traces", metrics: [("count", "count")], timeSeries: true))
        async let costOverTime = run(DashboardQuery(view: "observations", metrics: [("totalCost", "sum")], timeSeries: true))
        async let models = run(DashboardQuery(
            view: "observations", dimensions: ["providedModelName"], metrics: [("totalTokens", "sum"), ("totalCost", "sum")],
            orderBy: ("sum_totalCost", "desc"), rowLimit: 20
        ))
        async let users = topUsers()
        async let names = run(DashboardQuery(
            view: "traces", dimensions: ["name"], metrics: [("count", "count")], orderBy: ("count_count", "desc"), rowLimit: 10
        ))
        async let latencies = generationLatencies(by: "name")
        async let modelLatencies = generationLatencies(by: "providedModelName")
        var answers = Answers()
        answers.traceCount = try await traces.first?["count_count"]?.numeric ?? 0
        answers.totalCost = try await cost.first?["sum_totalCost"]?.numeric ?? 0
        answers.generationCount = try await generations.first?["count_count"]?.numeric ?? 0
        answers.tracesOverTime = try await tracesOverTime.map { (Self.timeLabel($0), $0["count_count"]?.numeric ?? 0) }
        answers.costOverTime = try await costOverTime.map { (Self.timeLabel($0), $0["sum_totalCost"]?.numeric ?? 0) }
        answers.modelCosts = try await models.compactMap { row in
            Self.name(row, "providedModelName").map {
                Named(name: $0, tokens: row["sum_totalTokens"]?.numeric ?? 0, cost: row["sum_totalCost"]?.numeric ?? 0)
            }
        }
        answers.topUsers = try await users
        answers.traceNames = try await names.compactMap { row in
            Self.name(row, "name").map { Named(name: $0, count: row["count_count"]?.numeric ?? 0) }
        }
        answers.latencies = try await latencies
        answers.modelLatencies = try await modelLatencies
        return answers
    }

    /// Generation latency percentiles by a dimension (generation name, model), slowest p95
    /// first; from the observation rollups' sketches.
    private func generationLatencies(by dimension: String) async throws -> [Latency] {
        try await run(DashboardQuery(
            view: "observations", dimensions: [dimension],
            metrics: [("latency", "p50"), ("latency", "p90"), ("latency", "p95"), ("latency", "p99")],
            filters: [DashboardQuery.filter("type", "=", "GENERATION", type: "string")], orderBy: ("p95_latency", "desc"), rowLimit: 20
        )).compactMap { row in
            Self.name(row, dimension).map { name in
                Latency(name: name, percentiles: ["p50", "p90", "p95", "p99"].map { row["\($0)_latency"]?.numeric ?? 0 })
            }
        }
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
