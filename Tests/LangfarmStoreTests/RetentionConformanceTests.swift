import Foundation
import LangfarmCore
@testable import LangfarmStore
import Testing

/// Expiry (`RetentionStore`) deletes exactly what is older than the cutoff, each kind by its own
/// time as Langfuse judges age, touches no other project, and leaves every aggregate as a
/// rebuild of the remaining rows gives it; a rebuild brings nothing expired back.
@Suite struct RetentionConformanceTests {
    typealias F = MetricsFixtures

    @Test(arguments: StoreKind.allCases)
    func aProjectsRetentionIsKeptAndListed(kind: StoreKind) async throws {
        let store = try await kind.makeStore().store
        try await store.upsertProject(Project(id: "p", name: "P"))
        #expect(try await store.project(id: "p")?.retention == nil)
        #expect(try await store.setRetention(projectId: "p", .days(7)))
        try await store.upsertProject(Project(id: "p", name: "Renamed"))
        #expect(try await store.project(id: "p") == Project(id: "p", name: "Renamed", retention: .days(7)), "a rename keeps the retention")
        #expect(try await store.projects() == [Project(id: "p", name: "Renamed", retention: .days(7))])
        #expect(try await store.setRetention(projectId: "p", .forever))
        #expect(try await store.project(id: "p")?.retention == .forever)
        #expect(try await store.setRetention(projectId: "p", nil))
        #expect(try await store.project(id: "p")?.retention == nil)
        #expect(try await !store.setRetention(projectId: "missing", .days(3)))
    }

    /// What the lists show of a project: enough to tell what is left and what it carries.
    struct Contents: Equatable {
        var traces: [TraceListItem]
        var observations: [ObservationListItem]
        var scores: [ScoreRow]
        var sessions: [String]

        static func of(_ project: String, in store: any Store) async throws -> Contents {
            var traces = try await store.traces(TraceListQuery(projectId: project, page: PageRequest(page: 1, limit: 1_000))).items
            var observations = try await store.observations(ObservationListQuery(projectId: project, paging: .cursor(after: nil, limit: 1_000))).items
            var scores = try await store.scores(ScoreListQuery(projectId: project, paging: .cursor(after: nil, limit: 1_000))).items.map(\.score)
            // When a row was last refolded differs legitimately after a rebuild.
            for index in traces.indices { traces[index].trace.updatedAt = 0 }
            for index in observations.indices { observations[index].observation.updatedAt = 0 }
            for index in scores.indices { scores[index].updatedAt = 0 }
            let sessions = try await store.sessions(SessionListQuery(projectId: project, page: PageRequest(page: 1, limit: 100))).items.map(\.id)
            return Contents(
                traces: traces.sorted { $0.trace.id < $1.trace.id }, observations: observations.sorted { $0.observation.id < $1.observation.id },
                scores: scores.sorted { $0.id < $1.id }, sessions: sessions.sorted()
            )
        }

        /// Equal but for float rounding in the aggregates, which differ in the last bits when
        /// summed in another order.
        func matches(_ other: Contents) -> Bool {
            traces.map(\.trace) == other.traces.map(\.trace)
                && zip(traces, other.traces).allSatisfy { aggregatesMatch($0.aggregates, $1.aggregates) }
                && observations == other.observations && scores == other.scores && sessions == other.sessions
        }
    }

    /// A workload of project p spread over three days, scores included, and a smaller one in q.
    func loadedStore(_ kind: StoreKind) async throws -> (store: any Store, traceIds: [String]) {
        let store = try await kind.makeStore().store
        let workload = RandomObservations(project: "p", seed: 21, traces: 30)
        try await workload.load(into: store, project: "p", seed: 22)
        try await RandomObservations(project: "q", seed: 23, traces: 6).load(into: store, project: "q", seed: 24)
        let scores = workload.traceIds.enumerated().map { index, traceId in
            let time = F.start + EpochMillis(index) * 3 * F.hour
            return F.score("\(traceId)-s", at: time, ["traceId": .string(traceId), "name": "quality", "value": 0.5, "timestamp": F.iso(time)])
        }
        try await store.commit([Fixtures.batch("p", scores)])
        return (store, workload.traceIds)
    }

    @Test(arguments: StoreKind.allCases)
    func expiryDeletesWhatIsOlderAndLeavesTheAggregatesAsARebuild(kind: StoreKind) async throws {
        let (store, _) = try await loadedStore(kind)
        let cutoff = F.start + 36 * F.hour
        let before = try await Contents.of("p", in: store)
        let otherProject = try await Contents.of("q", in: store)

        var total = ExpiredRows()
        var rounds = 0
        while true {
            let expired = try await store.expire(projectId: "p", before: cutoff, limit: 7)
            total.add(expired)
            rounds += 1
            if !expired.reached(7) { break }
        }
        #expect(rounds > 2, "small batches: the expiry took several transactions")
        let after = try await Contents.of("p", in: store)

        let keptTraces = before.traces.filter { $0.trace.timestamp >= cutoff }.map(\.trace.id)
        let keptObservations = before.observations.filter { $0.observation.startTime >= cutoff }.map(\.observation.id)
        let keptScores = before.scores.filter { $0.timestamp >= cutoff }.map(\.id)
        #expect(after.traces.map(\.trace.id) == keptTraces)
        #expect(after.observations.map(\.observation.id) == keptObservations)
        #expect(after.scores.map(\.id) == keptScores)
        #expect(total == ExpiredRows(
            traces: before.traces.count - keptTraces.count, observations: before.observations.count - keptObservations.count,
            scores: before.scores.count - keptScores.count
        ))
        #expect(total.traces > 3 && !keptTraces.isEmpty, "the cutoff falls inside the workload")
        #expect(after.observations.contains { item in !keptTraces.contains(item.observation.traceId) },
                "an observation inside the window outlives its expired trace")
        #expect(after.sessions.count <= before.sessions.count)
        #expect(try await Contents.of("q", in: store) == otherProject, "another project is untouched")

        // The incremental aggregates equal the remaining rows...
        let rollups = try await store.aggregateObservationRollups(RollupConformanceTests.everyRollupPart)
        MetricsComparison.expectSame(rollups, MetricsComparison.sketched(try await store.aggregateObservations(RollupConformanceTests.everyRollupPart)), "rollups vs rows")
        let users = try await store.aggregateUserRollups(UserRollupConformanceTests.everyCell(.hour))
        MetricsComparison.expectSame(users, try await store.aggregateObservations(UserRollupConformanceTests.everyCell(.hour)), "user rollups vs rows")
        let traceCells = try await store.aggregateTraceRollups(TraceRollupConformanceTests.everyRollupCell)
        MetricsComparison.expectSame(traceCells, try await store.aggregateTraces(TraceRollupConformanceTests.everyRollupCell), "trace rollups vs rows")
        #expect(try await store.traces(TraceListQuery(projectId: "p")).totalItems == keptTraces.count, "the trace counter")

        // ...and a rebuild from the event log changes nothing and brings nothing back.
        _ = try await store.rebuild()
        let rebuilt = try await Contents.of("p", in: store)
        #expect(rebuilt.matches(after), "rows, aggregates, trace context and sessions after a rebuild")
        MetricsComparison.expectSame(try await store.aggregateObservationRollups(RollupConformanceTests.everyRollupPart), rollups, "rollups after rebuild")
        MetricsComparison.expectSame(try await store.aggregateUserRollups(UserRollupConformanceTests.everyCell(.hour)), users, "user rollups after rebuild")
        MetricsComparison.expectSame(try await store.aggregateTraceRollups(TraceRollupConformanceTests.everyRollupCell), traceCells, "trace rollups after rebuild")
        #expect(try await store.traces(TraceListQuery(projectId: "p")).totalItems == keptTraces.count)

        // Nothing left to expire.
        #expect(try await store.expire(projectId: "p", before: cutoff, limit: 7) == ExpiredRows())
    }
}
