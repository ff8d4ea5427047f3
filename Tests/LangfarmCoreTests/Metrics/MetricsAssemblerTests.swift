import Testing
@testable import LangfarmCore

/// Result assembly: merged partial aggregates, finished metrics, gap filling, order and limit.
@Suite struct MetricsAssemblerTests {
    typealias Query = MetricsQuery<ObservationField, ObservationMeasure>

    static let day: EpochMillis = 86_400_000
    static let march10 = ISO8601.parse("2025-03-10T00:00:00Z") ?? 0

    func query(
        dimensions: [ObservationField] = [], metrics: [(MetricAggregation, ObservationMeasure)], granularity: TimeGranularity? = nil,
        orderBy: [MetricsOrder]? = nil, limit: Int? = nil, days: Int64 = 3
    ) -> Query {
        Query(
            projectId: "p", dimensions: dimensions.map { MetricsDimension($0, name: $0.rawValue) },
            metrics: metrics.map { Metric($0.0, of: $0.1, named: $0.1.rawValue) },
            window: TimeWindow(from: Self.march10, to: Self.march10 + days * Self.day - 1), timeDimension: granularity, orderBy: orderBy,
            rowLimit: limit
        )
    }

    /// A partial row whose measures all carry `count` values summing to `sum`.
    func row(_ dimensions: [MetricsValue], day: Int64? = nil, count: Int64 = 1, sum: Double = 1, measures: Int = 1) -> MetricsPartialRow {
        MetricsPartialRow(
            dimensions: dimensions, bucket: day.map { Self.march10 + $0 * Self.day }, rowCount: count,
            aggregates: Array(repeating: PartialAggregate(count: count, sum: sum), count: measures)
        )
    }

    @Test func rowsAreKeyedByAggregationAndMeasureWithIntegerCounts() {
        let result = MetricsAssembler.assemble(
            query(dimensions: [.providedModelName], metrics: [(.sum, .totalCost), (.count, .count), (.avg, .totalCost), (.sum, .totalTokens)]),
            [MetricsPartialRow(dimensions: [.text("gpt-4o")], bucket: nil, rowCount: 2, aggregates: [
                PartialAggregate(count: 2, sum: 0.75), PartialAggregate(count: 2, sum: 2), PartialAggregate(count: 2, sum: 300),
            ])]
        )
        #expect(result.rows == [MetricsRow([
            MetricsColumn("providedModelName", .text("gpt-4o")), MetricsColumn("sum_totalCost", .number(0.75)),
            MetricsColumn("count_count", .integer(2)), MetricsColumn("avg_totalCost", .number(0.375)),
            MetricsColumn("sum_totalTokens", .integer(300)),
        ])])
    }

    @Test func partialRowsOfOneGroupMerge() {
        let result = MetricsAssembler.assemble(
            query(dimensions: [.name], metrics: [(.sum, .inputTokens)]),
            [row([.text("a")], sum: 10), row([.text("b")], sum: 1), row([.text("a")], count: 2, sum: 5)]
        )
        #expect(result.rows.map { $0["sum_inputTokens"] } == [.integer(15), .integer(1)])
    }

    @Test func aQueryWithoutDimensionsAnswersOneRowEvenOverNothing() {
        let result = MetricsAssembler.assemble(
            query(metrics: [(.count, .count), (.sum, .totalCost), (.sum, .inputTokens), (.avg, .inputTokens), (.p95, .inputTokens), (.histogram, .latency)]), []
        )
        #expect(result.rows == [MetricsRow([
            MetricsColumn("count_count", .integer(0)), MetricsColumn("sum_totalCost", .null), MetricsColumn("sum_inputTokens", .integer(0)),
            MetricsColumn("avg_inputTokens", .null), MetricsColumn("p95_inputTokens", .null), MetricsColumn("histogram_latency", .histogram([])),
        ])], "averages and percentiles of nothing are null (ClickHouse's NaN), even of a measure every row has")
        #expect(MetricsAssembler.assemble(query(dimensions: [.name], metrics: [(.count, .count)]), []).rows.isEmpty)
    }

    @Test func timeSeriesWithoutOrderAreGapFilledUpToTheLastBucket() {
        let series = query(dimensions: [.providedModelName], metrics: [(.count, .count), (.sum, .totalCost), (.avg, .inputTokens)],
                           granularity: .day, days: 5)
        let result = MetricsAssembler.assemble(series, [row([.text("m")], day: 1, measures: 3)])
        #expect(result.rows.map { $0["time_dimension"] } == ["2025-03-10", "2025-03-11", "2025-03-12", "2025-03-13"].map(MetricsValue.text), "the bucket holding the end (03-14) is not filled")
        let filled = result.rows[0]
        #expect(filled["providedModelName"] == .null)
        #expect(filled["count_count"] == .integer(0))
        #expect(filled["sum_totalCost"] == .null, "a nullable sum fills with null")
        #expect(filled["avg_inputTokens"] == .number(0), "a non-nullable average fills with 0")
        #expect(result.rows[1]["count_count"] == .integer(1))

        // ClickHouse's WITH FILL stops before the bucket that holds the window's end.
        var midDay = series
        midDay.window.to = Self.march10 + 2 * Self.day + 3_600_000
        #expect(MetricsAssembler.assemble(midDay, []).rows.map { $0["time_dimension"] } == [.text("2025-03-10"), .text("2025-03-11")])

        var ordered = series
        ordered.orderBy = [MetricsOrder(.timeDimension, .ascending)]
        #expect(MetricsAssembler.assemble(ordered, [row([.text("m")], day: 1, measures: 3)]).rows.count == 1, "an explicit order fills nothing")
    }

    @Test func theDefaultOrderIsTimeThenFirstMetricThenFirstDimension() {
        let rows = [row([.text("b")], count: 1), row([.text("a")], count: 3), row([.text("c")], count: 2)]
        let byMetric = MetricsAssembler.assemble(query(dimensions: [.name], metrics: [(.count, .count)]), rows)
        #expect(byMetric.rows.map { $0["name"] } == [.text("a"), .text("c"), .text("b")], "first metric descending")
        let byDimension = MetricsAssembler.assemble(query(dimensions: [.name], metrics: []), rows)
        #expect(byDimension.rows.map { $0["name"] } == [.text("a"), .text("b"), .text("c")], "first dimension ascending")
        #expect(byDimension.rows.map { $0["count"] } == [.integer(3), .integer(1), .integer(2)], "no metrics: the rows, as count")
        let byTime = MetricsAssembler.assemble(
            query(dimensions: [.name], metrics: [(.count, .count)], granularity: .day, orderBy: nil, days: 2),
            [row([.text("b")], day: 1), row([.text("a")], day: 1, count: 5), row([.text("z")], day: 0)]
        )
        #expect(byTime.rows.map { $0["name"] } == [.text("z"), .text("a"), .text("b")], "time ascending, then dimensions")
    }

    @Test func explicitOrdersPutNullsLastInBothDirections() {
        let rows = [row([.text("b")]), row([.null]), row([.text("a")])]
        let ascending = MetricsAssembler.assemble(query(dimensions: [.providedModelName], metrics: [(.count, .count)], orderBy: [MetricsOrder(.dimension(0), .ascending)]), rows)
        #expect(ascending.rows.map { $0["providedModelName"] } == [.text("a"), .text("b"), .null])
        let descending = MetricsAssembler.assemble(query(dimensions: [.providedModelName], metrics: [(.count, .count)], orderBy: [MetricsOrder(.dimension(0), .descending)]), rows)
        #expect(descending.rows.map { $0["providedModelName"] } == [.text("b"), .text("a"), .null])
        let absentName = MetricsAssembler.assemble(query(dimensions: [.name], metrics: [(.count, .count)]), [row([.null])])
        #expect(absentName.rows.first?["name"] == .text(""), "names are non-nullable strings in Langfuse")
    }

    @Test func theRowLimitAppliesAfterOrderingAndFilling() {
        let rows = (0..<5).map { row([.text("n\($0)")], count: Int64($0)) }
        let limited = MetricsAssembler.assemble(query(dimensions: [.name], metrics: [(.count, .count)], limit: 2), rows)
        #expect(limited.rows.map { $0["name"] } == [.text("n4"), .text("n3")])
        let series = MetricsAssembler.assemble(query(metrics: [(.count, .count)], granularity: .day, limit: 2, days: 5), [row([], day: 4)])
        #expect(series.rows.map { $0["time_dimension"] } == [.text("2025-03-10"), .text("2025-03-11")])
    }

    @Test func integerMeasuresKeepIntegersAndOthersNumbers() {
        let metrics: [(MetricAggregation, ObservationMeasure)] = [(.max, .latency), (.min, .latency), (.avg, .latency), (.sum, .totalCost), (.p50, .latency), (.uniq, .traceId)]
        var distribution = ValueDistribution()
        for value in [100.0, 300] { distribution.add(value) }
        let partial = PartialAggregate(count: 2, sum: 400, minimum: 100, maximum: 300, distribution: distribution, distinctCount: 7)
        let result = MetricsAssembler.assemble(
            query(metrics: metrics),
            [MetricsPartialRow(dimensions: [], bucket: nil, rowCount: 2, aggregates: [partial, PartialAggregate(count: 2, sum: 0.5), partial])]
        )
        #expect(result.rows.first?.columns.map(\.value) == [.integer(300), .integer(100), .number(200), .number(0.5), .number(200), .integer(7)])
    }
}
