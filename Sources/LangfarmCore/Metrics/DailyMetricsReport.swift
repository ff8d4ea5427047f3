/// The two engine queries behind the daily metrics (observations per day and model, traces
/// per day), and their assembly into pages of days, as Langfuse's `generateDailyMetrics`
/// assembles its two ClickHouse queries.
public enum DailyMetricsReport {
    /// Langfuse bounds observations only from below, by the window's start less an hour
    /// (`TRACE_TO_OBSERVATIONS_INTERVAL`), so that a trace's observations that started just
    /// before it count. With any other filter Langfuse bounds them by their trace's timestamp
    /// instead; Langfarm keeps the start-time bound then too, and filters an observation by
    /// its own environment and its trace's name, user and tags.
    public static func observationQuery(_ request: DailyMetricsRequest) -> MetricsQuery<ObservationField, ObservationMeasure> {
        var filters: [FilterCondition<ObservationField>] = []
        if let name = request.traceName { filters.append(FilterCondition(column: .traceName, type: .string, operator: .equals, value: .string(name))) }
        if let user = request.userId { filters.append(FilterCondition(column: .userId, type: .string, operator: .equals, value: .string(user))) }
        if !request.tags.isEmpty { filters.append(FilterCondition(column: .tags, type: .arrayOptions, operator: .allOf, value: .strings(request.tags))) }
        if !request.environments.isEmpty {
            filters.append(FilterCondition(column: .environment, type: .stringOptions, operator: .anyOf, value: .strings(request.environments)))
        }
        return MetricsQuery(
            projectId: request.projectId, dimensions: [MetricsDimension(.providedModelName, name: "model")],
            metrics: [
                Metric(.count, of: .count, named: "count"), Metric(.uniq, of: .traceId, named: "traceId"),
                Metric(.sum, of: .inputTokens, named: "inputTokens"), Metric(.sum, of: .outputTokens, named: "outputTokens"),
                Metric(.sum, of: .totalTokens, named: "totalTokens"), Metric(.sum, of: .totalCost, named: "totalCost"),
            ],
            filters: filters,
            window: TimeWindow(from: request.from.map { $0 - ObservationRollupKey.hourMillis } ?? TimeWindow.always.from, to: TimeWindow.always.to),
            timeDimension: .day, orderBy: [MetricsOrder(.timeDimension, .descending)]
        )
    }

    public static func traceQuery(_ request: DailyMetricsRequest) -> MetricsQuery<TraceField, TraceMeasure> {
        var filters: [FilterCondition<TraceField>] = []
        if let name = request.traceName { filters.append(FilterCondition(column: .name, type: .string, operator: .equals, value: .string(name))) }
        if let user = request.userId { filters.append(FilterCondition(column: .userId, type: .string, operator: .equals, value: .string(user))) }
        if !request.tags.isEmpty { filters.append(FilterCondition(column: .tags, type: .arrayOptions, operator: .allOf, value: .strings(request.tags))) }
        if !request.environments.isEmpty {
            filters.append(FilterCondition(column: .environment, type: .stringOptions, operator: .anyOf, value: .strings(request.environments)))
        }
        return MetricsQuery(
            projectId: request.projectId, metrics: [Metric(.count, of: .count, named: "count")], filters: filters,
            window: TimeWindow(from: request.from ?? TimeWindow.always.from, to: request.to.map { $0 - 1 } ?? TimeWindow.always.to),
            timeDimension: .day, orderBy: [MetricsOrder(.timeDimension, .descending)]
        )
    }

    /// Every day with traces or observations, newest first, one page of them. As in Langfuse,
    /// `totalItems` counts the days with traces only (its count query reads the traces).
    public static func assemble(
        _ request: DailyMetricsRequest, observations: MetricsResult, traces: MetricsResult
    ) -> OffsetPage<DailyMetrics> {
        var usage: [String: [DailyModelUsage]] = [:]
        for row in observations.rows {
            guard case .text(let date)? = row["time_dimension"] else { continue }
            let model: String? = if case .text(let name)? = row["model"] { name } else { nil }
            usage[date, default: []].append(DailyModelUsage(
                model: model, inputUsage: integer(row["sum_inputTokens"]), outputUsage: integer(row["sum_outputTokens"]),
                totalUsage: integer(row["sum_totalTokens"]), countObservations: integer(row["count_count"]),
                countTraces: integer(row["uniq_traceId"]), totalCost: row["sum_totalCost"]?.numeric ?? 0
            ))
        }
        var traceCounts: [String: Int64] = [:]
        for row in traces.rows {
            if case .text(let date)? = row["time_dimension"] { traceCounts[date] = integer(row["count_count"]) }
        }
        let days = Set(usage.keys).union(traceCounts.keys).sorted(by: >)
        let page = days.dropFirst(request.page.offset).prefix(request.page.limit).map { date in
            let models = (usage[date] ?? []).sorted(by: modelFirst)
            return DailyMetrics(
                date: date, countTraces: traceCounts[date] ?? 0, countObservations: models.reduce(0) { $0 + $1.countObservations },
                totalCost: models.reduce(0) { $0 + $1.totalCost }, usage: models
            )
        }
        return OffsetPage(items: Array(page), totalItems: traceCounts.count)
    }

    /// Observations without a model first, then by model name.
    private static func modelFirst(_ lhs: DailyModelUsage, _ rhs: DailyModelUsage) -> Bool {
        switch (lhs.model, rhs.model) {
        case (nil, .some): true
        case (let left?, let right?): left < right
        default: false
        }
    }

    private static func integer(_ value: MetricsValue?) -> Int64 {
        value?.numeric.map { Int64($0.rounded()) } ?? 0
    }
}
