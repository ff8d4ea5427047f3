import Foundation
import LangfarmCore
import LangfarmStore
import Testing

/// Metrics queries against the hand-computed data set, through the whole engine (parse, plan,
/// scan, assemble): each view's dimensions, measures and filters mean what they mean in
/// Langfuse, and no answer includes another project's rows.
@Suite struct MetricsConformanceTests {
    typealias D = HandComputedData

    /// The rows of a metrics query, each as a dictionary.
    func rows(
        _ store: any Store, _ body: String, view: String = "observations", version: MetricsAPIVersion = .v2, project: String = D.project
    ) async throws -> [[String: MetricsValue]] {
        let text = #"{"view":"\#(view)",\#(D.window),\#(body)}"#
        let result = try await store.metrics(MetricsQueryParser.parse(text, version: version, projectId: project))
        return result.rows.map { Dictionary(uniqueKeysWithValues: $0.columns.map { ($0.key, $0.value) }) }
    }

    func loaded(_ kind: StoreKind) async throws -> any Store {
        let store = try await kind.makeStore().store
        try await HandComputedData.load(into: store)
        return store
    }

    @Test(arguments: StoreKind.allCases)
    func observationsByModelPerDay(kind: StoreKind) async throws {
        let store = try await loaded(kind)
        let answer = try await rows(store, #"""
            "dimensions":[{"field":"providedModelName"}],
            "metrics":[{"measure":"totalCost","aggregation":"sum"},{"measure":"count","aggregation":"count"},{"measure":"totalTokens","aggregation":"sum"}],
            "filters":[{"type":"stringOptions","column":"type","operator":"any of","value":["GENERATION"]}],
            "timeDimension":{"granularity":"day"},
            "orderBy":[{"field":"time_dimension","direction":"asc"},{"field":"providedModelName","direction":"asc"}]
            """#)
        #expect(answer == [
            ["time_dimension": .text("2025-03-10"), "providedModelName": .text("gpt-4o"), "sum_totalCost": .number(0.75), "count_count": .integer(1), "sum_totalTokens": .integer(150)],
            ["time_dimension": .text("2025-03-10"), "providedModelName": .text("gpt-4o-mini"), "sum_totalCost": .number(0.25), "count_count": .integer(1), "sum_totalTokens": .integer(300)],
            ["time_dimension": .text("2025-03-11"), "providedModelName": .text("gpt-4o"), "sum_totalCost": .number(1.5), "count_count": .integer(1), "sum_totalTokens": .integer(450)],
        ])
    }

    @Test(arguments: StoreKind.allCases)
    func percentilesAndLatenciesAreInMilliseconds(kind: StoreKind) async throws {
        let store = try await loaded(kind)
        let answer = try await rows(store, #"""
            "dimensions":[{"field":"name"}],
            "metrics":[{"measure":"latency","aggregation":"p95"},{"measure":"latency","aggregation":"max"},{"measure":"timeToFirstToken","aggregation":"avg"},
                       {"measure":"streamingLatency","aggregation":"sum"},{"measure":"tokensPerSecond","aggregation":"max"}],
            "filters":[{"type":"stringOptions","column":"type","operator":"any of","value":["GENERATION","SPAN"]}],
            "orderBy":[{"field":"p95_latency","direction":"desc"}]
            """#)
        #expect(answer == [
            // 1000, 2000, 4000 ms: ClickHouse's interpolated p95 is 3800. G1 streams 1.5 s of its 2 s.
            ["name": .text("llm"), "p95_latency": .number(3800), "max_latency": .integer(4000), "avg_timeToFirstToken": .number(500),
             "sum_streamingLatency": .integer(1500), "max_tokensPerSecond": .number(300)],
            ["name": .text("pipeline"), "p95_latency": .number(2500), "max_latency": .integer(2500), "avg_timeToFirstToken": .null,
             "sum_streamingLatency": .null, "max_tokensPerSecond": .number(0)],
        ])
    }

    @Test(arguments: StoreKind.allCases)
    func filtersOnDimensionsMetadataAndTraceAttributes(kind: StoreKind) async throws {
        let store = try await loaded(kind)
        func totals(_ filters: String) async throws -> [[String: MetricsValue]] {
            try await rows(store, #""metrics":[{"measure":"totalCost","aggregation":"sum"},{"measure":"count","aggregation":"count"}],"filters":[\#(filters)]"#)
        }
        #expect(try await totals(#"{"type":"stringOptions","column":"environment","operator":"any of","value":["production"]}"#)
                == [["sum_totalCost": .number(1.0), "count_count": .integer(3)]])
        #expect(try await totals(#"{"type":"stringObject","column":"metadata","key":"step","operator":"=","value":"answer"}"#)
                == [["sum_totalCost": .number(2.25), "count_count": .integer(2)]])
        #expect(try await totals(#"{"type":"string","column":"userId","operator":"=","value":"u-alice"}"#)
                == [["sum_totalCost": .number(2.25), "count_count": .integer(4)]])
        #expect(try await totals(#"{"type":"arrayOptions","column":"tags","operator":"all of","value":["prod","chat"]}"#)
                == [["sum_totalCost": .number(0.75), "count_count": .integer(2)]])
        #expect(try await totals(#"{"type":"arrayOptions","column":"tags","operator":"none of","value":["prod"]}"#)
                == [["sum_totalCost": .number(1.5), "count_count": .integer(2)]])
        #expect(try await totals(#"{"type":"null","column":"providedModelName","operator":"is null","value":""}"#)
                == [["sum_totalCost": .null, "count_count": .integer(2)]], "spans and events have no model, and no cost")
        #expect(try await totals(#"{"type":"string","column":"providedModelName","operator":"does not contain","value":"mini"}"#)
                == [["sum_totalCost": .number(2.25), "count_count": .integer(2)]], "does not contain skips rows without a model")
        #expect(try await totals(#"{"type":"boolean","column":"isRootObservation","operator":"=","value":true}"#)
                == [["sum_totalCost": .number(1.75), "count_count": .integer(3)]])
        #expect(try await totals(#"{"type":"string","column":"traceName","operator":"starts with","value":"sum"}"#)
                == [["sum_totalCost": .number(1.5), "count_count": .integer(2)]])
        #expect(try await totals(#"{"type":"datetime","column":"start_time","operator":">","value":"2025-03-10T09:00:00Z"}"#)
                == [["sum_totalCost": .number(2.5), "count_count": .integer(4)]])
        #expect(try await totals(#"{"type":"string","column":"name","operator":"=","value":"nothing"}"#)
                == [["sum_totalCost": .null, "count_count": .integer(0)]], "one row even when nothing matches")
    }

    @Test(arguments: StoreKind.allCases)
    func identifiersCountScoresAndDetailKeys(kind: StoreKind) async throws {
        let store = try await loaded(kind)
        #expect(try await rows(store, #""metrics":[{"measure":"traceId","aggregation":"uniq"},{"measure":"uniqueUserIds","aggregation":"uniq"},{"measure":"traceId","aggregation":"count"}]"#)
                == [["uniq_traceId": .integer(3), "uniq_uniqueUserIds": .integer(2), "count_traceId": .integer(5)]])
        #expect(try await rows(store, #""dimensions":[{"field":"name"}],"metrics":[{"measure":"countScores","aggregation":"sum"}]"#)
                == [["name": .text("llm"), "sum_countScores": .integer(1)]], "only observations with a score (G1's thumbs)")
        let costs = try await rows(store, #""metrics":[{"measure":"costByType","aggregation":"sum"}],"orderBy":[{"field":"costType","direction":"asc"}]"#)
        #expect(costs.map { $0["costType"] } == [.text("input"), .text("output"), .text("total")])
        #expect(costs.map { $0["sum_costByType"] } == [.number(1.375), .number(1.125), .number(2.5)])
        let usage = try await rows(store, #""dimensions":[{"field":"usageType"}],"metrics":[{"measure":"usageByType","aggregation":"sum"}],"orderBy":[{"field":"usageType","direction":"asc"}]"#)
        #expect(usage.map { $0["sum_usageByType"] } == [.integer(600), .integer(300), .integer(900)])
    }

    @Test(arguments: StoreKind.allCases)
    func histogramsAndTimeSeriesGaps(kind: StoreKind) async throws {
        let store = try await loaded(kind)
        let histogram = try await rows(store, #""metrics":[{"measure":"latency","aggregation":"histogram"}],"filters":[{"type":"stringOptions","column":"type","operator":"any of","value":["GENERATION"]}],"config":{"bins":2}"#)
        #expect(histogram == [["histogram_latency": .histogram([
            // 1000 and 2000 fuse into 1500 (weight 2); heights are ClickHouse's density estimates.
            HistogramBin(lower: 1000, upper: 2750, height: 1.875), HistogramBin(lower: 2750, upper: 4000, height: 1.125),
        ])]])
        let series = try await rows(store, #""metrics":[{"measure":"count","aggregation":"count"},{"measure":"inputTokens","aggregation":"sum"}],"timeDimension":{"granularity":"hour"}"#)
        #expect(series.count == 48, "every hour of the window but the one holding its end")
        #expect(series.first?["time_dimension"] == .text("2025-03-10T00:00:00Z"))
        #expect(series[9] == ["time_dimension": .text("2025-03-10T09:00:00Z"), "count_count": .integer(2), "sum_inputTokens": .integer(100)])
        #expect(series[10] == ["time_dimension": .text("2025-03-10T10:00:00Z"), "count_count": .integer(0), "sum_inputTokens": .integer(0)])
    }

    @Test(arguments: StoreKind.allCases)
    func scoreViewsSplitByDataType(kind: StoreKind) async throws {
        let store = try await loaded(kind)
        #expect(try await rows(store, #""dimensions":[{"field":"name"}],"metrics":[{"measure":"value","aggregation":"avg"},{"measure":"count","aggregation":"count"}],"orderBy":[{"field":"name","direction":"asc"}]"#,
                               view: "scores-numeric") == [
            ["name": .text("quality"), "avg_value": .number(0.65), "count_count": .integer(2)],
            ["name": .text("session-rating"), "avg_value": .number(0.7), "count_count": .integer(1)],
            ["name": .text("thumbs"), "avg_value": .number(0.5), "count_count": .integer(2)],
        ], "numeric takes booleans as 0 and 1, and session scores")
        #expect(try await rows(store, #""dimensions":[{"field":"stringValue"}],"metrics":[{"measure":"count","aggregation":"count"}]"#, view: "scores-categorical")
                == [["stringValue": .text("positive"), "count_count": .integer(1)]])
        #expect(try await rows(store, #""dimensions":[{"field":"booleanValue"}],"metrics":[{"measure":"count","aggregation":"count"},{"measure":"value","aggregation":"avg"}],"orderBy":[{"field":"booleanValue","direction":"desc"}]"#,
                               view: "scores-boolean") == [
            ["booleanValue": .bool(true), "count_count": .integer(1), "avg_value": .number(1)],
            ["booleanValue": .bool(false), "count_count": .integer(1), "avg_value": .number(0)],
        ])
        #expect(try await rows(store, #""dimensions":[{"field":"traceName"}],"metrics":[{"measure":"count","aggregation":"count"}],"orderBy":[{"field":"traceName","direction":"asc"}]"#,
                               view: "scores-numeric") == [
            ["traceName": .text("chat"), "count_count": .integer(2)], ["traceName": .text("summarize"), "count_count": .integer(2)],
        ], "a trace dimension drops the session score")
        #expect(try await rows(store, #""dimensions":[{"field":"observationModelName"}],"metrics":[{"measure":"count","aggregation":"count"}]"#, view: "scores-boolean")
                == [["observationModelName": .text("gpt-4o"), "count_count": .integer(1)]], "an observation dimension keeps the observation's scores")
        #expect(try await rows(store, #""dimensions":[{"field":"sessionId"}],"metrics":[{"measure":"count","aggregation":"count"}],"orderBy":[{"field":"sessionId","direction":"asc"}]"#,
                               view: "scores-numeric", version: .v1) == [
            ["sessionId": .text("session-a"), "count_count": .integer(2)], ["sessionId": .text("session-b"), "count_count": .integer(2)],
        ], "v1: the trace's session")
        #expect(try await rows(store, #""dimensions":[{"field":"sessionId"}],"metrics":[{"measure":"count","aggregation":"count"}],"config":{"row_limit":5},"orderBy":[{"field":"count_count","direction":"desc"}]"#,
                               view: "scores-numeric") == [
            ["sessionId": .null, "count_count": .integer(4)], ["sessionId": .text("session-a"), "count_count": .integer(1)],
        ], "v2: the score's own session")
    }

    @Test(arguments: StoreKind.allCases)
    func theV1TracesView(kind: StoreKind) async throws {
        let store = try await loaded(kind)
        #expect(try await rows(store, #""dimensions":[{"field":"name"}],"metrics":[{"measure":"count","aggregation":"count"},{"measure":"uniqueUserIds","aggregation":"uniq"}]"#,
                               view: "traces", version: .v1) == [
            ["name": .text("chat"), "count_count": .integer(3), "uniq_uniqueUserIds": .integer(3)],
            ["name": .text("summarize"), "count_count": .integer(1), "uniq_uniqueUserIds": .integer(1)],
        ])
        #expect(try await rows(store, #""dimensions":[{"field":"name"}],"metrics":[{"measure":"count","aggregation":"count"},{"measure":"totalCost","aggregation":"sum"},{"measure":"latency","aggregation":"max"},{"measure":"observationsCount","aggregation":"sum"}],"orderBy":[{"field":"name","direction":"asc"}]"#,
                               view: "traces", version: .v1) == [
            ["name": .text("chat"), "count_count": .integer(2), "sum_totalCost": .number(1.0), "max_latency": .integer(2500), "sum_observationsCount": .integer(3)],
            ["name": .text("summarize"), "count_count": .integer(1), "sum_totalCost": .number(1.5), "max_latency": .integer(4000), "sum_observationsCount": .integer(2)],
        ], "observation measures drop T4, which has none")
        #expect(try await rows(store, #""metrics":[{"measure":"scoresCount","aggregation":"sum"},{"measure":"count","aggregation":"count"}],"filters":[{"type":"arrayOptions","column":"tags","operator":"any of","value":["chat"]}]"#,
                               view: "traces", version: .v1) == [["sum_scoresCount": .integer(4), "count_count": .integer(2)]])
    }

    @Test(arguments: StoreKind.allCases)
    func dailyMetricsCountTracesObservationsAndUsagePerModel(kind: StoreKind) async throws {
        let store = try await loaded(kind)
        let page = try await store.dailyMetrics(DailyMetricsRequest(projectId: D.project, page: PageRequest(page: 1, limit: 50)))
        #expect(page.totalItems == 2)
        #expect(page.items.map { [$0.date, "\($0.countTraces)", "\($0.countObservations)", "\($0.totalCost)"] } == [
            ["2025-03-11", "2", "2", "1.5"], ["2025-03-10", "2", "3", "1.0"],
        ])
        #expect(page.items[1].usage == [
            DailyModelUsage(model: nil, inputUsage: 0, outputUsage: 0, totalUsage: 0, countObservations: 1, countTraces: 1, totalCost: 0),
            DailyModelUsage(model: "gpt-4o", inputUsage: 100, outputUsage: 50, totalUsage: 150, countObservations: 1, countTraces: 1, totalCost: 0.75),
            DailyModelUsage(model: "gpt-4o-mini", inputUsage: 200, outputUsage: 100, totalUsage: 300, countObservations: 1, countTraces: 1, totalCost: 0.25),
        ])
        let alice = try await store.dailyMetrics(DailyMetricsRequest(projectId: D.project, page: PageRequest(page: 1, limit: 50), userId: "u-alice"))
        #expect(alice.items.map { [$0.date, "\($0.countTraces)", "\($0.countObservations)"] } == [["2025-03-11", "1", "2"], ["2025-03-10", "1", "2"]])
        let tagged = try await store.dailyMetrics(DailyMetricsRequest(projectId: D.project, page: PageRequest(page: 1, limit: 50), tags: ["chat", "beta"]))
        #expect(tagged.items.map { [$0.date, "\($0.countTraces)", "\($0.countObservations)"] } == [["2025-03-11", "1", "0"]])
        let bounded = try await store.dailyMetrics(DailyMetricsRequest(
            projectId: D.project, page: PageRequest(page: 1, limit: 50), from: D.time("11T00:00:00"), to: D.time("11T12:00:00")
        ))
        #expect(bounded.items.map { [$0.date, "\($0.countTraces)", "\($0.countObservations)"] } == [["2025-03-11", "1", "2"]])
    }

    @Test(arguments: StoreKind.allCases)
    func anotherProjectSeesOnlyItsOwnRows(kind: StoreKind) async throws {
        let store = try await loaded(kind)
        #expect(try await rows(store, #""dimensions":[{"field":"providedModelName"}],"metrics":[{"measure":"count","aggregation":"count"},{"measure":"totalCost","aggregation":"sum"}]"#, project: D.other)
                == [["providedModelName": .text("gpt-4o"), "count_count": .integer(1), "sum_totalCost": .number(0.5)]])
        #expect(try await rows(store, #""metrics":[{"measure":"count","aggregation":"count"}],"filters":[{"type":"string","column":"userId","operator":"=","value":"u-alice"}]"#, view: "scores-numeric", project: D.other)
                == [["count_count": .integer(1)]])
        #expect(try await rows(store, #""metrics":[{"measure":"count","aggregation":"count"}]"#, view: "traces", version: .v1, project: D.other)
                == [["count_count": .integer(1)]])
        let daily = try await store.dailyMetrics(DailyMetricsRequest(projectId: D.other, page: PageRequest(page: 1, limit: 50)))
        #expect(daily.items.map { [$0.date, "\($0.countTraces)", "\($0.countObservations)", "\($0.totalCost)"] } == [["2025-03-10", "1", "1", "0.5"]])
        #expect(try await rows(store, #""metrics":[{"measure":"count","aggregation":"count"}]"#, project: "nobody") == [["count_count": .integer(0)]])
    }
}
