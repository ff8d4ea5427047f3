import Foundation
import GRDB
import LangfarmCore
@testable import LangfarmStore
import Testing

/// The hourly rollups are a cache of the observation rows: after any sequence of out-of-order
/// updates and trace deletions they hold what a full recompute (`rebuild`) gives and what a
/// grouped scan of the rows gives, and every query the planner sends to them answers exactly
/// what the rows answer.
@Suite struct RollupConformanceTests {
    typealias F = MetricsFixtures
    typealias Query = MetricsQuery<ObservationField, ObservationMeasure>

    /// Every rollup key attribute and every measure part the rollups hold.
    static let everyRollupPart = MetricsScan<ObservationField, ObservationMeasure>(
        projectId: "p", window: .always, queryWindow: .always, dimensions: [.environment, .type, .name, .providedModelName, .level],
        bucket: .hour, filters: [],
        measures: [
            MeasureRequest(measure: .count, needs: [.count, .sum]), MeasureRequest(measure: .inputTokens, needs: [.count, .sum]),
            MeasureRequest(measure: .outputTokens, needs: [.count, .sum]), MeasureRequest(measure: .totalTokens, needs: [.count, .sum]),
            MeasureRequest(measure: .inputCost, needs: [.count, .sum]), MeasureRequest(measure: .outputCost, needs: [.count, .sum]),
            MeasureRequest(measure: .totalCost, needs: [.count, .sum]), MeasureRequest(measure: .latency, needs: [.count, .sum, .distribution]),
            MeasureRequest(measure: .timeToFirstToken, needs: [.count, .sum, .distribution]),
        ]
    )

    func loadedStore(_ kind: StoreKind, seed: UInt64) async throws -> any Store {
        let store = try await kind.makeStore().store
        try await RandomObservations(project: "p", seed: seed).load(into: store, project: "p", seed: seed &+ 1)
        try await RandomObservations(project: "q", seed: seed &+ 2, traces: 6).load(into: store, project: "q", seed: seed &+ 3)
        return store
    }

    @Test(arguments: StoreKind.allCases, [UInt64(1), 2, 3])
    func rollupsEqualTheRowsAndARebuild(kind: StoreKind, seed: UInt64) async throws {
        let store = try await loadedStore(kind, seed: seed)
        let incremental = try await store.aggregateObservationRollups(Self.everyRollupPart)
        #expect(incremental.count > 20, "the workload fills many rollup rows")
        let fromRows = MetricsComparison.sketched(try await store.aggregateObservations(Self.everyRollupPart))
        MetricsComparison.expectSame(incremental, fromRows, "rollups kept at commit vs a scan of the rows")
        let daily = try await store.aggregateObservationRollups(Self.everyDay)
        MetricsComparison.expectSame(daily, MetricsComparison.sketched(try await store.aggregateObservations(Self.everyDay)), "daily rollups vs the rows")
        _ = try await store.rebuild()
        MetricsComparison.expectSame(try await store.aggregateObservationRollups(Self.everyRollupPart), incremental, "rollups after rebuild vs before")
        MetricsComparison.expectSame(try await store.aggregateObservationRollups(Self.everyDay), daily, "daily rollups after rebuild vs before")
    }

    /// Every part by day over whole days: read from the daily rollups.
    static let everyDay: MetricsScan<ObservationField, ObservationMeasure> = {
        var scan = everyRollupPart
        scan.bucket = .day
        scan.window = TimeWindow(from: F.start - 2 * 24 * F.hour, to: F.start + 6 * 24 * F.hour - 1)
        return scan
    }()

    @Test func migrationV14FillsTheDailyRollupsFromTheHourlyOnes() async throws {
        let (store, reopen) = try await StoreKind.sqlite.makeStore()
        try await RandomObservations(project: "p", seed: 8).load(into: store, project: "p", seed: 9)
        let daily = try await store.aggregateObservationRollups(Self.everyDay)
        #expect(daily.count > 10)
        let sqlite = try #require(store as? SQLiteStore)
        try await sqlite.pool.write { db in
            try db.execute(sql: "DROP TABLE observation_day_rollups; DELETE FROM grdb_migrations WHERE identifier = 'v14-observation-day-rollups'")
        }
        MetricsComparison.expectSame(try await reopen().aggregateObservationRollups(Self.everyDay), daily, "daily rollups filled by migration v14")
    }

    static let queries: [(String, Query)] = {
        func query(_ dimensions: [ObservationField], _ metrics: [(MetricAggregation, ObservationMeasure)], filters: [FilterCondition<ObservationField>] = [], granularity: TimeGranularity? = nil) -> Query {
            F.query(dimensions, metrics, filters: filters, granularity: granularity)
        }
        func filter(_ column: ObservationField, _ type: FilterType, _ op: FilterOperator, _ value: FilterValue) -> FilterCondition<ObservationField> { F.filter(column, type, op, value) }
        return [
            ("cost and tokens by model per day", query([.providedModelName], [(.sum, .totalCost), (.sum, .totalTokens), (.count, .count)], granularity: .day)),
            ("latency percentiles per generation name", query([.name], [(.p95, .latency), (.p50, .timeToFirstToken), (.avg, .latency), (.histogram, .latency)],
                                                              filters: [filter(.type, .stringOptions, .anyOf, .strings(["GENERATION"]))])),
            ("everything by environment, type and level per hour", query(
                [.environment, .type, .level],
                [(.sum, .inputTokens), (.sum, .outputTokens), (.avg, .inputCost), (.sum, .outputCost), (.avg, .totalCost), (.count, .totalCost), (.count, .latency)],
                granularity: .hour
            )),
            ("totals of named observations with a model", query([], [(.count, .count), (.sum, .totalCost), (.p99, .latency)], filters: [
                filter(.name, .string, .doesNotContain, .string("tool")), filter(.providedModelName, .null, .isNotNull, .none),
            ])),
            ("nameless observations per week", query([.type], [(.count, .count), (.avg, .timeToFirstToken)],
                                                      filters: [filter(.name, .null, .isNull, .none)], granularity: .week)),
            ("models other than one, per month", query([.startTimeMonth, .providedModelName], [(.sum, .inputTokens), (.p75, .timeToFirstToken)],
                                                        filters: [filter(.providedModelName, .stringOptions, .noneOf, .strings(["gpt-4o"])),
                                                                  filter(.level, .stringOptions, .anyOf, .strings(["DEFAULT", "WARNING"]))],
                                                        granularity: .month)),
            ("empty-name filter matches the nameless", query([.name], [(.count, .count)], filters: [filter(.name, .stringOptions, .anyOf, .strings(["", "llm"]))])),
        ]
    }()

    /// Windows that cut hours at both ends, at one, or none.
    static let windows: [TimeWindow] = [
        TimeWindow(from: F.start - 3 * F.hour + 17 * 60_000, to: F.start + 70 * F.hour + 123_456),
        TimeWindow(from: F.start + 5 * F.hour, to: F.start + 29 * F.hour - 1),
        TimeWindow(from: F.start + 10 * F.hour + 1, to: F.start + 12 * F.hour + 1),
        TimeWindow(from: F.start - 10 * F.hour, to: F.start + 90 * F.hour),
    ]

    @Test(arguments: StoreKind.allCases, [UInt64(4), 5])
    func theRollupPathAnswersAsTheRowPath(kind: StoreKind, seed: UInt64) async throws {
        let store = try await loadedStore(kind, seed: seed)
        for (name, base) in Self.queries {
            for window in Self.windows {
                var query = base
                query.window = window
                guard case .rollups(let plan) = MetricsPlanner.plan(query) else {
                    Issue.record("\(name): expected a rollup plan")
                    continue
                }
                var fromRollups = try await store.aggregateObservationRollups(plan.rollupScan)
                for edge in plan.edgeScans { fromRollups += MetricsComparison.sketched(try await store.aggregateObservations(edge)) }
                let fromRows = MetricsComparison.sketched(try await store.aggregateObservations(plan.rowScan))
                let context = "\(name), \(ISO8601.format(window.from))…\(ISO8601.format(window.to))"
                MetricsComparison.expectSame(MetricsAssembler.assemble(query, fromRollups), MetricsAssembler.assemble(query, fromRows), context)
                if window == Self.windows[0] {
                    #expect(!MetricsAssembler.assemble(query, fromRows).rows.isEmpty, "\(context): the query finds something")
                }
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func fewRowsGiveExactPercentilesAndManySketchedOnesWithinOnePercent(kind: StoreKind) async throws {
        let store = try await loadedStore(kind, seed: 6)
        var query = Self.queries[1].1
        query.window = Self.windows[0]
        let answer = try await store.metrics(.observations(query))
        guard case .rollups(let plan) = MetricsPlanner.plan(query) else {
            Issue.record("expected a rollup plan")
            return
        }
        let exact = MetricsAssembler.assemble(query, try await store.aggregateObservations(plan.rowScan))
        MetricsComparison.expectSame(answer, exact, "a few hundred observations: exact, as ClickHouse's quantile below 8192 values")

        var sketchedRows = try await store.aggregateObservationRollups(plan.rollupScan)
        for edge in plan.edgeScans { sketchedRows += try await store.aggregateObservations(edge) }
        var percentilesOnly = query
        percentilesOnly.metrics = query.metrics.filter { $0.aggregation.quantile != nil }
        #expect(percentilesOnly.metrics.count == 2)
        let sketched = MetricsAssembler.assemble(percentilesOnly, sketchedRows)
        let exactPercentiles = MetricsAssembler.assemble(percentilesOnly, try await store.aggregateObservations(plan.rowScan))
        MetricsComparison.expectSame(sketched, exactPercentiles, relative: 0.011, "sketched percentiles within the sketch's 1 %")
    }

    @Test(arguments: StoreKind.allCases)
    func scansSeeOnlyTheirProject(kind: StoreKind) async throws {
        let store = try await loadedStore(kind, seed: 7)
        var scan = Self.everyRollupPart
        scan.dimensions = []
        scan.bucket = nil
        scan.projectId = "q"
        let fromRows = try await store.aggregateObservations(scan)
        let fromRollups = try await store.aggregateObservationRollups(scan)
        var count = 0
        for trace in RandomObservations(project: "q", seed: 9, traces: 6).traceIds {
            count += try await store.observations(projectId: "q", traceId: trace).count
        }
        #expect(fromRows.first?.rowCount == Int64(count) && count > 0, "q's own observations only")
        #expect(fromRollups.first?.rowCount == Int64(count))
        scan.projectId = "nobody"
        #expect(try await store.aggregateObservationRollups(scan).reduce(0) { $0 + $1.rowCount } == 0)
        #expect(try await store.aggregateObservations(scan).reduce(0) { $0 + $1.rowCount } == 0)
    }
}
