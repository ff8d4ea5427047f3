import GRDB
import LangfarmCore

extension SQLiteStore {
    public func aggregateObservations(_ scan: MetricsScan<ObservationField, ObservationMeasure>) async throws -> [MetricsPartialRow] {
        try await pool.read { db in try SQLiteMetricsScanSQL.rows(scan, from: SQLiteObservationMetrics(), in: db) }
    }

    public func aggregateObservationRollups(_ scan: MetricsScan<ObservationField, ObservationMeasure>) async throws -> [MetricsPartialRow] {
        try await pool.read { db in try SQLiteMetricsScanSQL.rows(scan, from: SQLiteObservationRollupMetrics(), in: db) }
    }

    public func aggregateTraces(_ scan: MetricsScan<TraceField, TraceMeasure>) async throws -> [MetricsPartialRow] {
        try await pool.read { db in try SQLiteMetricsScanSQL.rows(scan, from: SQLiteTraceMetrics(), in: db) }
    }

    public func aggregateScores(_ scan: MetricsScan<ScoreField, ScoreMeasure>, segment: ScoreSegment) async throws -> [MetricsPartialRow] {
        try await pool.read { db in try SQLiteMetricsScanSQL.rows(scan, from: SQLiteScoreMetrics(segment: segment), in: db) }
    }
}
