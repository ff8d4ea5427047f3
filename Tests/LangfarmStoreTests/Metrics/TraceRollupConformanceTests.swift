import Foundation
import GRDB
import LangfarmCore
import Testing
import TestSupport
@testable import LangfarmStore

/// The hourly trace rollups are a cache of the trace rows: after traces move between hours,
/// environments and names, gain late observations and are deleted, they count what the rows
/// count, after a rebuild and after migration v11 filled them from rows, and every trace query
/// the planner sends to them answers what the rows answer.
@Suite struct TraceRollupConformanceTests {
    typealias F = MetricsFixtures
    typealias Query = MetricsQuery<TraceField, TraceMeasure>

    /// Traces counted by every attribute the rollups hold, per hour.
    static let everyRollupCell = MetricsScan<TraceField, TraceMeasure>(
        projectId: "p", window: TimeWindow(from: -F.hour * 24 * 365, to: F.start + 10 * 24 * F.hour), queryWindow: .always,
        dimensions: [.environment, .name], bucket: .hour, filters: [], measures: [MeasureRequest(measure: .count, needs: [.count, .sum])]
    )

    /// A reproducible workload: traces named, unnamed or named '', updated to other times,
    /// environments and names (some before their first event arrives), with observations
    /// arriving late, one trace before 1970, and some traces deleted.
    struct Workload {
        var events: [NormalisedEvent] = []
        var deleted: [String] = []

        init(project: String, seed: UInt64, traces: Int = 40) {
            var random = SplitMix64(seed: seed)
            func fields(at time: EpochMillis) -> [String: JSONValue] {
                var fields: [String: JSONValue] = ["environment": .string(["production", "staging"].randomElement(using: &random) ?? "production")]
                if let name = ["chat", "summarize", "", nil].randomElement(using: &random) ?? nil { fields["name"] = .string(name) }
                fields["userId"] = .string("u\(Int.random(in: 0..<4, using: &random))")
                return fields
            }
            var ids: [String] = []
            for index in 0..<traces {
                let id = "\(project)-t\(index)"
                ids.append(id)
                let time = index == 0 ? -30 * 60_000 : F.start + EpochMillis.random(in: 0..<(3 * 24 * F.hour), using: &random)
                events.append(F.trace(id, at: time, fields(at: time)))
                if Int.random(in: 0..<10, using: &random) < 4 {
                    let moved = time + EpochMillis.random(in: -6 * F.hour...6 * F.hour, using: &random)
                    events.append(F.event("trace-create", id: "\(id)-update", at: moved, fields(at: moved).merging([
                        "id": .string(id), "timestamp": F.iso(moved),
                    ]) { $1 }))
                }
                for observation in 0..<Int.random(in: 0...3, using: &random) {
                    events.append(F.observation("generation", id: "\(id)-o\(observation)", trace: id, at: time, [
                        "startTime": F.iso(time + 60_000), "costDetails": ["input": .number(0.25)],
                    ]))
                }
            }
            events.shuffle(using: &random)
            deleted = Array(ids.dropFirst().shuffled(using: &random).prefix(4))
        }

        func load(into store: any Store, project: String, seed: UInt64) async throws {
            var random = SplitMix64(seed: seed)
            var remaining = events[...]
            while !remaining.isEmpty {
                let size = Int.random(in: 1...30, using: &random)
                try await store.commit([Fixtures.batch(project, Array(remaining.prefix(size)))])
                remaining = remaining.dropFirst(size)
            }
            _ = try await store.deleteTraces(projectId: project, ids: deleted)
        }
    }

    func loadedStore(seed: UInt64) async throws -> (store: any Store, reopen: @Sendable () async throws -> any Store, path: String) {
        let path = try F.newStorePath()
        let store = try await SQLiteStore.open(path: path)
        try await Workload(project: "p", seed: seed).load(into: store, project: "p", seed: seed &+ 1)
        try await Workload(project: "q", seed: seed &+ 2, traces: 8).load(into: store, project: "q", seed: seed &+ 3)
        return (store, { try await SQLiteStore.open(path: path) }, path)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func rollupsEqualTheRowsARebuildAndTheMigration(seed: UInt64) async throws {
        let (store, reopen, path) = try await loadedStore(seed: seed)
        let incremental = try await store.aggregateTraceRollups(Self.everyRollupCell)
        #expect(incremental.count > 20, "the workload fills many rollup cells")
        #expect(incremental.contains { $0.dimensions[1] == .null } && incremental.contains { $0.dimensions[1] == .text("") },
                "unnamed traces and traces named '' are both counted, apart")
        #expect(incremental.contains { ($0.bucket ?? 0) < 0 }, "the trace before 1970 is in its hour")
        MetricsComparison.expectSame(incremental, try await store.aggregateTraces(Self.everyRollupCell), "rollups kept at commit vs a count of the rows")
        _ = try await store.rebuild()
        MetricsComparison.expectSame(try await store.aggregateTraceRollups(Self.everyRollupCell), incremental, "rollups after rebuild vs before")

        // A store written before v11: its rollups come from the migration.
        let old = try DatabaseQueue(path: path)
        try await old.write { db in
            try db.execute(sql: "DROP TABLE trace_rollups; DELETE FROM grdb_migrations WHERE identifier = 'v11-trace-rollups'")
        }
        try old.close()
        MetricsComparison.expectSame(try await reopen().aggregateTraceRollups(Self.everyRollupCell), incremental, "rollups filled by migration v11")
    }

    static let queries: [(String, Query)] = {
        func query(_ dimensions: [TraceField], _ metrics: [(MetricAggregation, TraceMeasure)], filters: [FilterCondition<TraceField>] = [], granularity: TimeGranularity? = nil) -> Query {
            F.query(dimensions, metrics, filters: filters, granularity: granularity)
        }
        func filter(_ column: TraceField, _ type: FilterType, _ op: FilterOperator, _ value: FilterValue) -> FilterCondition<TraceField> { F.filter(column, type, op, value) }
        let count: [(MetricAggregation, TraceMeasure)] = [(.count, .count)]
        return [
            ("traces per day", query([], count, granularity: .day)),
            ("traces by name", query([.name], count)),
            ("traces by environment per hour, named '' or chat", query([.environment], count, filters: [filter(.name, .stringOptions, .anyOf, .strings(["", "chat"]))], granularity: .hour)),
            ("unnamed traces per week", query([.environment], count, filters: [filter(.name, .null, .isNull, .none)], granularity: .week)),
            ("traces named '' by month", query([.timestampMonth, .name], count, filters: [filter(.name, .string, .equals, .string(""))])),
            ("rows of each name outside staging", query([.name], [], filters: [
                filter(.environment, .stringOptions, .noneOf, .strings(["staging"])), filter(.name, .string, .doesNotContain, .string("sum")),
            ])),
        ]
    }()

    /// Windows that cut hours at both ends, at one, or none, and one from before 1970.
    static let windows: [TimeWindow] = [
        TimeWindow(from: F.start - 3 * F.hour + 17 * 60_000, to: F.start + 70 * F.hour + 123_456),
        TimeWindow(from: F.start + 5 * F.hour, to: F.start + 29 * F.hour - 1),
        TimeWindow(from: F.start + 10 * F.hour + 1, to: F.start + 12 * F.hour + 1),
        TimeWindow(from: -2 * F.hour + 1, to: F.start + 90 * F.hour),
    ]

    @Test(arguments: [UInt64(4), 5])
    func theRollupPathAnswersAsTheRowPath(seed: UInt64) async throws {
        let store = try await loadedStore(seed: seed).store
        try await MetricsComparison.expectRollupsAnswerAsRows(
            Self.queries, windows: Self.windows, from: .traces, plan: MetricsPlanner.plan,
            answer: { try await store.metrics(.traces($0)) }, rows: store.aggregateTraces
        )
    }

    @Test func scansSeeOnlyTheirProject() async throws {
        let store = try await loadedStore(seed: 7).store
        var scan = Self.everyRollupCell
        scan.dimensions = []
        scan.bucket = nil
        scan.projectId = "q"
        let fromRows = try await store.aggregateTraces(scan)
        #expect((fromRows.first?.rowCount ?? 0) > 0)
        MetricsComparison.expectSame(try await store.aggregateTraceRollups(scan), fromRows, "q's own traces only")
        scan.projectId = "nobody"
        #expect(try await store.aggregateTraceRollups(scan).isEmpty)
    }
}
