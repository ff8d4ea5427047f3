import Foundation
import GRDB
import LangfarmCore
import Testing
@testable import LangfarmStore

/// The per-user observation rollups are a cache of the observation rows: after observations
/// arrive before their trace, move between hours and models, gain costs, change user with
/// their trace and are deleted, their hourly and daily rows sum what the rows sum, after a
/// rebuild and after migration v13 filled them, and every query the planner sends them
/// answers what the rows answer.
@Suite struct UserRollupConformanceTests {
    typealias F = MetricsFixtures
    typealias Query = MetricsQuery<ObservationField, ObservationMeasure>

    static let summed: [MeasureRequest<ObservationMeasure>] = [ObservationMeasure.count, .inputTokens, .outputTokens, .totalTokens, .inputCost, .outputCost, .totalCost]
        .map { MeasureRequest(measure: $0, needs: [.count, .sum]) }

    /// Every attribute and sum the rollups hold, per `bucket` (hours read the hourly rows
    /// only; days read the daily rows for whole days).
    static func everyCell(_ bucket: TimeGranularity) -> MetricsScan<ObservationField, ObservationMeasure> {
        MetricsScan(
            projectId: "p", window: TimeWindow(from: -F.hour * 24 * 365, to: F.start + 10 * 24 * F.hour - 1), queryWindow: .always,
            dimensions: [.environment, .userId], bucket: bucket, filters: [], measures: summed
        )
    }

    func loadedStore(seed: UInt64) async throws -> (store: any Store, reopen: @Sendable () async throws -> any Store, path: String) {
        let path = try F.newStorePath()
        let store = try await SQLiteStore.open(path: path)
        try await RandomObservations(project: "p", seed: seed).load(into: store, project: "p", seed: seed &+ 1)
        try await TraceRollupConformanceTests.Workload(project: "p", seed: seed &+ 2).load(into: store, project: "p", seed: seed &+ 3)
        try await RandomObservations(project: "q", seed: seed &+ 4, traces: 6).load(into: store, project: "q", seed: seed &+ 5)
        // Observations of a trace that never arrives carry no user.
        try await store.commit([Fixtures.batch("p", (0..<4).map { index in
            F.observation("generation", id: "orphan-o\(index)", trace: "orphan", at: F.start, [
                "startTime": F.iso(F.start + EpochMillis(index) * 17 * F.hour), "costDetails": ["input": .number(0.5)],
            ])
        })])
        return (store, { try await SQLiteStore.open(path: path) }, path)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func rollupsEqualTheRowsARebuildAndTheMigration(seed: UInt64) async throws {
        let (store, reopen, path) = try await loadedStore(seed: seed)
        var kept: [TimeGranularity: [MetricsPartialRow]] = [:]
        for bucket in [TimeGranularity.hour, .day, .month] {
            let incremental = try await store.aggregateUserRollups(Self.everyCell(bucket))
            #expect(incremental.count > 10, "the workload fills many cells")
            MetricsComparison.expectSame(incremental, try await store.aggregateObservations(Self.everyCell(bucket)), "\(bucket): rollups kept at commit vs the rows")
            kept[bucket] = incremental
        }
        #expect(kept[.hour]?.contains { $0.dimensions[1] == .null } == true, "observations without a user are counted")
        #expect(kept[.hour]?.contains { $0.dimensions[1] == .text("u1") } == true, "observations that arrived before their trace took its user")
        _ = try await store.rebuild()
        for (bucket, incremental) in kept {
            MetricsComparison.expectSame(try await store.aggregateUserRollups(Self.everyCell(bucket)), incremental, "\(bucket): after rebuild")
        }
        let old = try DatabaseQueue(path: path)
        try await old.write { db in
            try db.execute(sql: "DROP TABLE user_hour_rollups; DROP TABLE user_day_rollups; DELETE FROM grdb_migrations WHERE identifier = 'v13-user-rollups'")
        }
        try old.close()
        let upgraded = try await reopen()
        for (bucket, incremental) in kept {
            MetricsComparison.expectSame(try await upgraded.aggregateUserRollups(Self.everyCell(bucket)), incremental, "\(bucket): filled by migration v13")
        }
    }

    static let queries: [(String, Query)] = {
        func query(_ dimensions: [ObservationField], _ metrics: [(MetricAggregation, ObservationMeasure)], filters: [FilterCondition<ObservationField>] = [], granularity: TimeGranularity? = nil) -> Query {
            F.query(dimensions, metrics, filters: filters, granularity: granularity)
        }
        func filter(_ column: ObservationField, _ type: FilterType, _ op: FilterOperator, _ value: FilterValue) -> FilterCondition<ObservationField> { F.filter(column, type, op, value) }
        return [
            ("cost per user", query([.userId], [(.sum, .totalCost), (.count, .count)])),
            ("tokens per user and day in production", query([.userId], [(.sum, .totalTokens), (.avg, .inputCost)],
                                                              filters: [filter(.environment, .stringOptions, .anyOf, .strings(["production"]))], granularity: .day)),
            ("observations of two users per hour", query([.environment], [(.count, .count), (.sum, .outputCost)],
                                                         filters: [filter(.userId, .stringOptions, .anyOf, .strings(["u1", "u2"]))], granularity: .hour)),
            ("observations without a user per week", query([], [(.count, .count), (.avg, .totalCost)], filters: [filter(.userId, .null, .isNull, .none)], granularity: .week)),
            ("users by month but one", query([.startTimeMonth, .userId], [(.sum, .inputTokens), (.count, .totalCost)],
                                             filters: [filter(.userId, .string, .doesNotContain, .string("3"))])),
        ]
    }()

    /// Windows that cut hours and days at both ends, at one, or none.
    static let windows: [TimeWindow] = [
        TimeWindow(from: F.start - 3 * F.hour + 17 * 60_000, to: F.start + 70 * F.hour + 123_456),
        TimeWindow(from: F.start, to: F.start + 48 * F.hour - 1),
        TimeWindow(from: F.start + 10 * F.hour + 1, to: F.start + 12 * F.hour + 1),
        TimeWindow(from: F.start - 10 * F.hour, to: F.start + 90 * F.hour),
    ]

    @Test(arguments: [UInt64(4), 5])
    func theRollupPathAnswersAsTheRowPath(seed: UInt64) async throws {
        let store = try await loadedStore(seed: seed).store
        try await MetricsComparison.expectRollupsAnswerAsRows(
            Self.queries, windows: Self.windows, from: .observationsByUser, plan: MetricsPlanner.plan,
            answer: { try await store.metrics(.observations($0)) }, rows: store.aggregateObservations
        )
    }
}
