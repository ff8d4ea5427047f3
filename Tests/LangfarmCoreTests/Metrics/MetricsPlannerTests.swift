import Testing
@testable import LangfarmCore

/// The planner answers from the rollups exactly when they hold everything a query needs, and
/// splits the window into whole hours and raw edges.
@Suite struct MetricsPlannerTests {
    typealias Query = MetricsQuery<ObservationField, ObservationMeasure>
    static let hour: EpochMillis = 3_600_000
    static let start = ISO8601.parse("2025-03-10T00:00:00Z") ?? 0

    func query(
        dimensions: [ObservationField] = [.providedModelName], metrics: [(MetricAggregation, ObservationMeasure)] = [(.sum, .totalCost)],
        filters: [FilterCondition<ObservationField>] = [], granularity: TimeGranularity? = .day,
        window: TimeWindow = TimeWindow(from: start + 1_000, to: start + 30 * 24 * hour)
    ) -> Query {
        Query(
            projectId: "p", dimensions: dimensions.map { MetricsDimension($0, name: $0.rawValue) },
            metrics: metrics.map { Metric($0.0, of: $0.1, named: $0.1.rawValue) }, filters: filters, window: window, timeDimension: granularity
        )
    }

    func isRollupPlan(_ query: Query) -> Bool {
        rollups(query) != nil
    }

    func rollups(_ query: Query) -> RollupSource? {
        if case .rollups(let plan) = MetricsPlanner.plan(query) { return plan.rollups }
        return nil
    }

    @Test func rollupsAnswerWhatTheyHold() {
        #expect(isRollupPlan(query(metrics: [(.sum, .totalCost), (.sum, .totalTokens), (.count, .count), (.avg, .inputCost)])))
        #expect(isRollupPlan(query(dimensions: [.name], metrics: [(.p95, .latency), (.histogram, .timeToFirstToken), (.avg, .latency)],
                                   filters: [FilterCondition(column: .type, type: .stringOptions, operator: .anyOf, value: .strings(["GENERATION"]))])))
        #expect(isRollupPlan(query(dimensions: [.environment, .type, .name, .providedModelName, .level, .startTimeMonth], granularity: .month)))
        #expect(isRollupPlan(query(filters: [FilterCondition(column: .startTime, type: .datetime, operator: .greaterThan, value: .time(Self.start))])),
                "a time filter narrows the window")
    }

    @Test func costPerUserComesFromThePerUserRollups() {
        #expect(rollups(query()) == .observations)
        #expect(rollups(query(dimensions: [.userId])) == .observationsByUser)
        #expect(rollups(query(dimensions: [.userId, .environment], metrics: [(.sum, .totalTokens), (.count, .count)],
                              filters: [FilterCondition(column: .userId, type: .stringOptions, operator: .anyOf, value: .strings(["u1"]))],
                              granularity: nil)) == .observationsByUser)
    }

    @Test func traceCountsComeFromTheTraceRollups() {
        func traces(_ dimensions: [TraceField], _ measure: TraceMeasure, _ filters: [FilterCondition<TraceField>] = []) -> RollupSource? {
            let query = MetricsQuery<TraceField, TraceMeasure>(
                projectId: "p", dimensions: dimensions.map { MetricsDimension($0, name: $0.rawValue) },
                metrics: [Metric(.count, of: measure, named: measure.rawValue)], filters: filters,
                window: TimeWindow(from: Self.start, to: Self.start + 30 * 24 * Self.hour), timeDimension: .day
            )
            if case .rollups(let plan) = MetricsPlanner.plan(query) { return plan.rollups }
            return nil
        }
        #expect(traces([.name], .count) == .traces)
        #expect(traces([.environment], .count, [FilterCondition(column: .name, type: .null, operator: .isNull, value: .none)]) == .traces)
        #expect(traces([.userId], .count) == nil, "no user in the trace rollups")
        #expect(traces([], .totalCost) == nil, "cost joins the observations in the window")
        #expect(traces([], .count, [FilterCondition(column: .tags, type: .arrayOptions, operator: .anyOf, value: .strings(["a"]))]) == nil)
    }

    @Test func everythingElseReadsRows() {
        #expect(!isRollupPlan(query(dimensions: [.userId], metrics: [(.p95, .latency)])), "no latency per user in the rollups")
        #expect(!isRollupPlan(query(dimensions: [.userId, .name])), "no name in the per-user rollups")
        #expect(!isRollupPlan(query(filters: [FilterCondition(column: .metadata, type: .stringObject, operator: .equals, value: .string("x"), key: "k")])))
        #expect(!isRollupPlan(query(metrics: [(.max, .totalCost)])), "no extremes in the rollups")
        #expect(!isRollupPlan(query(metrics: [(.p95, .totalCost)])), "no cost sketch")
        #expect(!isRollupPlan(query(metrics: [(.uniq, .traceId)])))
        #expect(!isRollupPlan(query(metrics: [(.sum, .streamingLatency)])))
        #expect(!isRollupPlan(query(granularity: .minute)), "minutes are finer than the rollups")
        #expect(!isRollupPlan(query(window: TimeWindow(from: Self.start + 1, to: Self.start + Self.hour + 5))), "no whole hour inside")
    }

    @Test func theWindowSplitsIntoWholeHoursAndEdges() {
        guard case .rollups(let plan) = MetricsPlanner.plan(query(window: TimeWindow(from: Self.start + 1_000, to: Self.start + 5 * Self.hour + 10))) else {
            Issue.record("expected a rollup plan")
            return
        }
        #expect(plan.rollupScan.window == TimeWindow(from: Self.start + Self.hour, to: Self.start + 5 * Self.hour - 1))
        #expect(plan.edgeScans.map(\.window) == [
            TimeWindow(from: Self.start + 1_000, to: Self.start + Self.hour - 1),
            TimeWindow(from: Self.start + 5 * Self.hour, to: Self.start + 5 * Self.hour + 10),
        ])
        #expect(plan.rowScan.window == TimeWindow(from: Self.start + 1_000, to: Self.start + 5 * Self.hour + 10))
        #expect(plan.exactBelow == nil, "no percentiles: the rollups are exact")
        guard case .rollups(let aligned) = MetricsPlanner.plan(query(window: TimeWindow(from: Self.start, to: Self.start + 2 * Self.hour - 1))) else {
            Issue.record("expected a rollup plan")
            return
        }
        #expect(aligned.edgeScans.isEmpty)
    }

    @Test func fewRowsMakePercentilesExact() {
        guard case .rollups(let plan) = MetricsPlanner.plan(query(metrics: [(.p95, .latency)])) else {
            Issue.record("expected a rollup plan")
            return
        }
        #expect(plan.exactBelow == Int64(ValueDistribution.exactCapacity))
        let few = MetricsPartialRow(dimensions: [], bucket: nil, rowCount: 8192, aggregates: [])
        let many = MetricsPartialRow(dimensions: [], bucket: nil, rowCount: 1, aggregates: [])
        #expect(plan.prefersRows(afterRollups: [few]))
        #expect(!plan.prefersRows(afterRollups: [few, many]))
    }

    @Test func timeFiltersNarrowTheWindowOrEmptyIt() {
        let bounded = query(filters: [
            FilterCondition(column: .startTime, type: .datetime, operator: .greaterThanOrEqual, value: .time(Self.start + 7 * Self.hour)),
            FilterCondition(column: .startTime, type: .datetime, operator: .lessThan, value: .time(Self.start + 9 * Self.hour)),
            FilterCondition(column: .name, type: .string, operator: .equals, value: .string("x")),
        ])
        guard case .rollups(let plan) = MetricsPlanner.plan(bounded) else {
            Issue.record("expected a rollup plan")
            return
        }
        #expect(plan.rowScan.window == TimeWindow(from: Self.start + 7 * Self.hour, to: Self.start + 9 * Self.hour - 1))
        #expect(plan.rowScan.queryWindow == bounded.window, "joined relations keep the query's window")
        #expect(plan.rowScan.filters.map(\.column) == [.name])
        let none = query(filters: [FilterCondition(column: .startTime, type: .null, operator: .isNull, value: .none)])
        if case .nothing = MetricsPlanner.plan(none) {} else { Issue.record("no observation lacks a start time") }
        let disjoint = query(filters: [FilterCondition(column: .startTime, type: .datetime, operator: .lessThan, value: .time(Self.start))])
        if case .nothing = MetricsPlanner.plan(disjoint) {} else { Issue.record("the filter excludes the window") }
    }
}
