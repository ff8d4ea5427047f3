import Testing
@testable import LangfarmCore

/// The daily metrics combine observations per day and model with traces per day, newest day
/// first, paged over days.
@Suite struct DailyMetricsReportTests {
    func observationRow(_ date: String, model: String?, count: Int64, traces: Int64, input: Int64, cost: Double?) -> MetricsRow {
        MetricsRow([
            MetricsColumn("model", model.map(MetricsValue.text) ?? .null), MetricsColumn("time_dimension", .text(date)),
            MetricsColumn("count_count", .integer(count)), MetricsColumn("uniq_traceId", .integer(traces)),
            MetricsColumn("sum_inputTokens", .integer(input)), MetricsColumn("sum_outputTokens", .integer(input / 2)),
            MetricsColumn("sum_totalTokens", .integer(input + input / 2)), MetricsColumn("sum_totalCost", cost.map(MetricsValue.number) ?? .null),
        ])
    }

    func traceRow(_ date: String, _ count: Int64) -> MetricsRow {
        MetricsRow([MetricsColumn("time_dimension", .text(date)), MetricsColumn("count_count", .integer(count))])
    }

    @Test func daysUniteObservationsAndTraces() {
        let observations = MetricsResult(rows: [
            observationRow("2025-03-10", model: "gpt-4o", count: 1, traces: 1, input: 100, cost: 0.75),
            observationRow("2025-03-10", model: nil, count: 1, traces: 1, input: 0, cost: nil),
            observationRow("2025-03-12", model: "b", count: 2, traces: 1, input: 10, cost: 1),
        ])
        let traces = MetricsResult(rows: [traceRow("2025-03-10", 2), traceRow("2025-03-11", 1)])
        let request = DailyMetricsRequest(projectId: "p", page: PageRequest(page: 1, limit: 50))
        let page = DailyMetricsReport.assemble(request, observations: observations, traces: traces)
        #expect(page.items.map(\.date) == ["2025-03-12", "2025-03-11", "2025-03-10"])
        #expect(page.totalItems == 2, "Langfuse counts the days with traces")
        let march10 = page.items[2]
        #expect((march10.countTraces, march10.countObservations, march10.totalCost) == (2, 2, 0.75))
        #expect(march10.usage.map(\.model) == [nil, "gpt-4o"], "observations without a model first")
        #expect(march10.usage[1] == DailyModelUsage(model: "gpt-4o", inputUsage: 100, outputUsage: 50, totalUsage: 150, countObservations: 1, countTraces: 1, totalCost: 0.75))
        #expect(march10.usage[0].totalCost == 0, "no cost is zero")
        #expect(page.items[1].usage.isEmpty && page.items[1].countObservations == 0)
        #expect(page.items[0].countTraces == 0)

        let second = DailyMetricsReport.assemble(DailyMetricsRequest(projectId: "p", page: PageRequest(page: 2, limit: 2)), observations: observations, traces: traces)
        #expect(second.items.map(\.date) == ["2025-03-10"])
    }

    @Test func theQueriesCarryTheFilters() {
        let request = DailyMetricsRequest(
            projectId: "p", page: PageRequest(page: 1, limit: 10), traceName: "chat", userId: "u", tags: ["a", "b"], environments: ["prod"],
            from: 10 * 3_600_000, to: 20 * 3_600_000
        )
        let observations = DailyMetricsReport.observationQuery(request)
        #expect(observations.filters.map(\.column) == [.traceName, .userId, .tags, .environment])
        #expect(observations.window.from == 9 * 3_600_000, "observations from an hour before the window")
        #expect(observations.timeDimension == .day && observations.orderBy != nil, "days, without gap filling")
        let traces = DailyMetricsReport.traceQuery(request)
        #expect(traces.filters.map(\.column) == [.name, .userId, .tags, .environment])
        #expect(traces.window == TimeWindow(from: 10 * 3_600_000, to: 20 * 3_600_000 - 1), "toTimestamp is exclusive")
    }
}
