import Foundation
import GRDB
import LangfarmCore

extension SQLiteStore {
    public func aggregateObservations(_ scan: MetricsScan<ObservationField, ObservationMeasure>) async throws -> [MetricsPartialRow] {
        try await pool.read { db in try Self.scanRows(scan, from: ObservationMetrics(SQLiteDialect(), layout: .sqlite), in: db) }
    }

    /// Whole days from the daily rows and the other hours from the hourly ones
    /// (`SQLiteRollupDays`), each part in slices of hours, one per processor, each on its own
    /// reader connection: the rollups of a month are the largest scan a dashboard makes, and
    /// partial aggregates of slices combine exactly.
    public func aggregateObservationRollups(_ scan: MetricsScan<ObservationField, ObservationMeasure>) async throws -> [MetricsPartialRow] {
        try await readRollups(
            scan, parts: SQLiteRollupDays.parts(of: scan.window, bucket: scan.bucket, hourly: SQLiteObservationRollupMetrics.hourly, daily: .daily)
        )
    }

    /// The same from the per-user rollups.
    public func aggregateUserRollups(_ scan: MetricsScan<ObservationField, ObservationMeasure>) async throws -> [MetricsPartialRow] {
        try await readRollups(
            scan, parts: SQLiteRollupDays.parts(of: scan.window, bucket: scan.bucket, hourly: SQLiteUserRollupMetrics.hourly, daily: .daily)
        )
    }

    /// The merged partial aggregates of each part's rollup rows over its window.
    private func readRollups<Source: SQLiteRollupSource & Sendable>(
        _ scan: MetricsScan<Source.Field, Source.Measure>, parts: [(Source, TimeWindow)]
    ) async throws -> [MetricsPartialRow] {
        let count = ProcessInfo.processInfo.activeProcessorCount
        let rows = try await withThrowingTaskGroup(of: [MetricsPartialRow].self) { group in
            for (source, window) in parts {
                for slice in Self.slices(of: window, count: count) {
                    var part = scan
                    part.window = slice
                    let sliceScan = part
                    group.addTask { try await self.pool.read { db in try SQLiteRollupReader(source: source).rows(sliceScan, in: db) } }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        return MetricsPartialRow.merged(rows)
    }

    /// Up to `count` windows of whole hours that together make `window` (whole hours itself),
    /// none shorter than a day.
    static func slices(of window: TimeWindow, count: Int) -> [TimeWindow] {
        let hour = ObservationRollupKey.hourMillis
        let first = ObservationRollupKey.hour(of: window.from), last = ObservationRollupKey.hour(of: window.to)
        let hours = last - first + 1
        let size = max(24, (hours + Int64(max(count, 1)) - 1) / Int64(max(count, 1)))
        return stride(from: first, through: last, by: Int(size)).map { start in
            TimeWindow(from: max(window.from, start * hour), to: min(window.to, (start + size) * hour - 1))
        }
    }

    public func aggregateTraces(_ scan: MetricsScan<TraceField, TraceMeasure>) async throws -> [MetricsPartialRow] {
        try await pool.read { db in
            try Self.scanRows(scan, from: TraceMetrics(SQLiteDialect(), layout: SQLiteTraceLayout(projectId: scan.projectId)), in: db)
        }
    }

    /// A month of trace rollups is a few rows per hour: one read.
    public func aggregateTraceRollups(_ scan: MetricsScan<TraceField, TraceMeasure>) async throws -> [MetricsPartialRow] {
        try await pool.read { db in try SQLiteRollupReader(source: SQLiteTraceRollupMetrics()).rows(scan, in: db) }
    }

    public func aggregateScores(_ scan: MetricsScan<ScoreField, ScoreMeasure>, segment: ScoreSegment) async throws -> [MetricsPartialRow] {
        let source = ScoreMetrics(SQLiteDialect(), table: "scores s INDEXED BY scores_by_time", segment: segment)
        return try await pool.read { db in try Self.scanRows(scan, from: source, in: db) }
    }

    /// The partial aggregates of a scan of rows (`MetricsScanSQL`).
    private static func scanRows<Source: MetricsSource>(
        _ scan: MetricsScan<Source.Field, Source.Measure>, from source: Source, in db: Database
    ) throws -> [MetricsPartialRow] {
        let query = SQLFragment(try MetricsScanSQL.query(scan, source))
        let columns = try scan.dimensions.map(source.column)
        var result: [MetricsPartialRow] = []
        let cursor = try Row.fetchCursor(db, sql: query.sql, arguments: query.statementArguments)
        while let row = try cursor.next() {
            result.append(try MetricsScanSQL.partialRow(SQLiteMetricsRow(row: row), of: scan, columns: columns))
        }
        return result
    }
}
