import LangfarmCore
import LangfarmStore
import PostgresNIO

/// Metrics scans over the rows. PostgreSQL keeps no rollup tables (yet): the rollup scans are
/// answered from the rows, which give the same answer, since the planner sends a rollup scan
/// only over whole hours and only for fields and measures the rollups hold. Their
/// distributions are sketched, as the rollups keep them, so that a query's percentiles are the
/// same on either store.
extension PostgresStore: MetricsReader {
    public func aggregateObservations(_ scan: MetricsScan<ObservationField, ObservationMeasure>) async throws -> [MetricsPartialRow] {
        try await aggregate(scan, from: ObservationMetrics(PostgresDialect(), layout: .postgres))
    }

    /// From the rows; see the type's comment.
    public func aggregateObservationRollups(_ scan: MetricsScan<ObservationField, ObservationMeasure>) async throws -> [MetricsPartialRow] {
        try await aggregateObservations(scan).map(\.sketched)
    }

    /// From the rows; see the type's comment.
    public func aggregateUserRollups(_ scan: MetricsScan<ObservationField, ObservationMeasure>) async throws -> [MetricsPartialRow] {
        try await aggregateObservations(scan).map(\.sketched)
    }

    public func aggregateTraces(_ scan: MetricsScan<TraceField, TraceMeasure>) async throws -> [MetricsPartialRow] {
        try await aggregate(scan, from: TraceMetrics(PostgresDialect(), layout: PostgresTraceLayout()))
    }

    /// From the rows; see the type's comment.
    public func aggregateTraceRollups(_ scan: MetricsScan<TraceField, TraceMeasure>) async throws -> [MetricsPartialRow] {
        try await aggregateTraces(scan).map(\.sketched)
    }

    public func aggregateScores(_ scan: MetricsScan<ScoreField, ScoreMeasure>, segment: ScoreSegment) async throws -> [MetricsPartialRow] {
        try await aggregate(scan, from: ScoreMetrics(PostgresDialect(), table: "scores s", segment: segment))
    }

    /// The partial aggregates of a scan of rows (`MetricsScanSQL`).
    private func aggregate<Source: MetricsSource>(
        _ scan: MetricsScan<Source.Field, Source.Measure>, from source: Source
    ) async throws -> [MetricsPartialRow] {
        let rows = try await rows(try MetricsScanSQL.query(scan, source).query)
        let columns = try scan.dimensions.map(source.column)
        return try rows.map { row in
            try MetricsScanSQL.partialRow(PostgresMetricsRow(cells: row.makeRandomAccess()), of: scan, columns: columns)
        }
    }
}
