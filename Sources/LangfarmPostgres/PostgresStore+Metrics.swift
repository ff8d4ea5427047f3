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
        try await aggregate(scan, from: PostgresObservationMetrics())
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
        try await aggregate(scan, from: PostgresTraceMetrics())
    }

    /// From the rows; see the type's comment.
    public func aggregateTraceRollups(_ scan: MetricsScan<TraceField, TraceMeasure>) async throws -> [MetricsPartialRow] {
        try await aggregateTraces(scan).map(\.sketched)
    }

    public func aggregateScores(_ scan: MetricsScan<ScoreField, ScoreMeasure>, segment: ScoreSegment) async throws -> [MetricsPartialRow] {
        try await aggregate(scan, from: PostgresScoreMetrics(segment: segment))
    }

    private func aggregate<Source: PostgresMetricsSource>(
        _ scan: MetricsScan<Source.Field, Source.Measure>, from source: Source
    ) async throws -> [MetricsPartialRow] {
        let rows = try await rows(try PostgresMetricsScanSQL.query(scan, source))
        return try PostgresMetricsScanSQL.partialRows(rows, of: scan, from: source)
    }
}
