import LangfarmCore

/// The metrics engine's reads: grouped partial aggregates of a project's rows, and of its
/// hourly observation and trace rollups. Requests are typed scans (`MetricsScan`); what a field or a
/// measure means in a store's own tables is the store's business. The engine itself (plan,
/// merge, finish) is store-neutral and lives in the extension below.
public protocol MetricsReader: Sendable {
    /// Observations whose start time lies in the scan's window.
    func aggregateObservations(_ scan: MetricsScan<ObservationField, ObservationMeasure>) async throws -> [MetricsPartialRow]
    /// The same from the hourly rollups: the window spans whole hours, and the scan names only
    /// fields and measure parts the rollups hold (`MetricsPlanner` sees to both).
    func aggregateObservationRollups(_ scan: MetricsScan<ObservationField, ObservationMeasure>) async throws -> [MetricsPartialRow]
    /// Observations from the per-user rollups: the window spans whole hours, and the scan names
    /// only fields and summed measures they hold (`MetricsPlanner` sees to both).
    func aggregateUserRollups(_ scan: MetricsScan<ObservationField, ObservationMeasure>) async throws -> [MetricsPartialRow]
    /// Traces whose timestamp lies in the scan's window.
    func aggregateTraces(_ scan: MetricsScan<TraceField, TraceMeasure>) async throws -> [MetricsPartialRow]
    /// The same from the hourly trace rollups: the window spans whole hours, and the scan
    /// counts traces by fields the rollups hold (`MetricsPlanner` sees to both).
    func aggregateTraceRollups(_ scan: MetricsScan<TraceField, TraceMeasure>) async throws -> [MetricsPartialRow]
    /// Scores of `segment`'s data types whose timestamp lies in the scan's window.
    func aggregateScores(_ scan: MetricsScan<ScoreField, ScoreMeasure>, segment: ScoreSegment) async throws -> [MetricsPartialRow]
}

extension MetricsReader {
    /// Answers a metrics query (v1, v2, or the dashboard's).
    public func metrics(_ query: AnyMetricsQuery) async throws -> MetricsResult {
        switch query {
        case .observations(let query):
            let plan = MetricsPlanner.plan(query)
            let rollups = if case .rollups(let rollupPlan) = plan, rollupPlan.rollups == .observationsByUser {
                aggregateUserRollups
            } else {
                aggregateObservationRollups
            }
            return MetricsAssembler.assemble(query, try await partials(plan, rollups: rollups, rows: aggregateObservations))
        case .traces(let query):
            return MetricsAssembler.assemble(query, try await partials(MetricsPlanner.plan(query), rollups: aggregateTraceRollups, rows: aggregateTraces))
        case .scores(let segment, let query):
            return MetricsAssembler.assemble(query, try await partials(MetricsPlanner.plan(query)) { try await self.aggregateScores($0, segment: segment) })
        }
    }

    /// `GET /api/public/metrics/daily`: one page of days.
    public func dailyMetrics(_ request: DailyMetricsRequest) async throws -> OffsetPage<DailyMetrics> {
        async let observations = metrics(.observations(DailyMetricsReport.observationQuery(request)))
        async let traces = metrics(.traces(DailyMetricsReport.traceQuery(request)))
        return DailyMetricsReport.assemble(request, observations: try await observations, traces: try await traces)
    }

    /// The partial aggregates a plan reads: for a rollup plan, the whole hours from the
    /// rollups and the edges from the rows, unless the rollups show that few rows match, when
    /// the rows answer exactly.
    func partials<Field, Measure>(
        _ plan: MetricsPlan<Field, Measure>,
        rollups: (MetricsScan<Field, Measure>) async throws -> [MetricsPartialRow],
        rows: (MetricsScan<Field, Measure>) async throws -> [MetricsPartialRow]
    ) async throws -> [MetricsPartialRow] {
        guard case .rollups(let rollupPlan) = plan else { return try await partials(plan, rows: rows) }
        let fromRollups = try await rollups(rollupPlan.rollupScan)
        if rollupPlan.prefersRows(afterRollups: fromRollups) {
            return try await rows(rollupPlan.rowScan)
        }
        var partials = fromRollups
        for edge in rollupPlan.edgeScans { partials += try await rows(edge) }
        return partials
    }

    /// The partial aggregates of a plan of row scans.
    func partials<Field, Measure>(
        _ plan: MetricsPlan<Field, Measure>, rows: (MetricsScan<Field, Measure>) async throws -> [MetricsPartialRow]
    ) async throws -> [MetricsPartialRow] {
        switch plan {
        case .nothing: return []
        case .rows(let scan): return try await rows(scan)
        case .rollups(let rollupPlan): return try await rows(rollupPlan.rowScan)
        }
    }
}
