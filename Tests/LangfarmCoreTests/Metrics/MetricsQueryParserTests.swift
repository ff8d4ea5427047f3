import Foundation
import Testing
@testable import LangfarmCore

/// The metrics query parser: every refusal Langfuse makes comes back as a `QueryError` naming
/// the part of the query at fault, and valid queries resolve to the right typed fields.
@Suite struct MetricsQueryParserTests {
    static let window = #""fromTimestamp":"2025-03-10T00:00:00Z","toTimestamp":"2025-03-12T00:00:00.000Z""#

    /// A query on the observations view with `body` added to the window.
    func query(_ body: String, view: String = "observations") -> String {
        #"{"view":"\#(view)",\#(Self.window)\#(body.isEmpty ? "" : ",")\#(body)}"#
    }

    func observations(_ text: String, version: MetricsAPIVersion = .v2) throws -> MetricsQuery<ObservationField, ObservationMeasure> {
        guard case .observations(let query) = try MetricsQueryParser.parse(text, version: version, projectId: "p") else {
            Issue.record("not an observations query")
            throw QueryError("test", "wrong view")
        }
        return query
    }

    func scores(_ text: String, version: MetricsAPIVersion) throws -> MetricsQuery<ScoreField, ScoreMeasure> {
        guard case .scores(_, let query) = try MetricsQueryParser.parse(text, version: version, projectId: "p") else {
            Issue.record("not a scores query")
            throw QueryError("test", "wrong view")
        }
        return query
    }

    /// The error a query is refused with.
    func refusal(_ text: String, version: MetricsAPIVersion = .v2) -> QueryError? {
        do {
            _ = try MetricsQueryParser.parse(text, version: version, projectId: "p")
            return nil
        } catch {
            return error
        }
    }

    @Test func aValidQueryResolvesEveryPart() throws {
        let parsed = try observations(query(#"""
            "dimensions":[{"field":"providedModelName"}],
            "metrics":[{"measure":"totalCost","aggregation":"sum"},{"measure":"count","aggregation":"count"}],
            "filters":[{"type":"stringOptions","column":"type","operator":"any of","value":["GENERATION"]}],
            "timeDimension":{"granularity":"day"},
            "orderBy":[{"field":"time_dimension","direction":"asc"},{"field":"sum_totalCost","direction":"desc"}],
            "config":{"bins":20,"row_limit":7}
            """#))
        #expect(parsed.projectId == "p")
        #expect(parsed.dimensions.map(\.field) == [.providedModelName])
        #expect(parsed.metrics.map(\.key) == ["sum_totalCost", "count_count"])
        #expect(parsed.filters == [FilterCondition(column: .type, type: .stringOptions, operator: .anyOf, value: .strings(["GENERATION"]))])
        #expect(parsed.timeDimension == .day)
        #expect(parsed.window == TimeWindow(from: 1_741_564_800_000, to: 1_741_737_600_000))
        #expect(parsed.orderBy == [MetricsOrder(.timeDimension, .ascending), MetricsOrder(.metric(0), .descending)])
        #expect(parsed.rowLimit == 7)
        #expect(parsed.histogramBins == 20)
    }

    @Test func defaultsAreLangfuses() throws {
        let v2 = try observations(query(#""metrics":[{"measure":"count","aggregation":"count"}]"#))
        #expect(v2.rowLimit == 100, "v2 limits to 100 rows by default")
        #expect(v2.histogramBins == 10)
        #expect(v2.orderBy == nil && v2.timeDimension == nil && v2.dimensions.isEmpty && v2.filters.isEmpty)
        let v1 = try observations(query(#""metrics":[{"measure":"count","aggregation":"count"}]"#), version: .v1)
        #expect(v1.rowLimit == nil, "v1 has no default row limit")
        let emptyOrder = try observations(query(#""metrics":[{"measure":"count","aggregation":"count"}],"orderBy":[],"timeDimension":{"granularity":"day"}"#))
        #expect(emptyOrder.orderBy == nil, "an empty orderBy asks for the default order and gap filling")
    }

    @Test func autoGranularityAimsAtAboutFiftyBuckets() throws {
        func granularity(hours: Int64) throws -> TimeGranularity? {
            let to = ISO8601.format(1_741_564_800_000 + hours * 3_600_000)
            let text = #"{"view":"observations","fromTimestamp":"2025-03-10T00:00:00Z","toTimestamp":"\#(to)","metrics":[{"measure":"count","aggregation":"count"}],"timeDimension":{"granularity":"auto"}}"#
            return try observations(text).timeDimension
        }
        #expect(try granularity(hours: 1) == .minute)
        #expect(try granularity(hours: 2) == .hour)
        #expect(try granularity(hours: 71) == .hour)
        #expect(try granularity(hours: 72) == .day)
        #expect(try granularity(hours: 1439) == .day)
        #expect(try granularity(hours: 1440) == .week)
        #expect(try granularity(hours: 8760) == .month)
    }

    @Test func shapeErrorsNameTheirPart() {
        let metric = #""metrics":[{"measure":"count","aggregation":"count"}]"#
        let cases: [(String, String, String)] = [
            ("{not json", "query", "Invalid JSON in query parameter"),
            ("[1]", "query", "expected a JSON object"),
            (#"{"view":"sessions",\#(Self.window),\#(metric)}"#, "query.view", "'observations'"),
            (query(""), "query.metrics", "is required"),
            (query(#""metrics":[{"measure":"count","aggregation":"median"}]"#), "query.metrics[0].aggregation", "'p95'"),
            (query(#""metrics":[{"measure":"count"}]"#), "query.metrics[0].aggregation", "expected a string"),
            (query(#""dimensions":[{"name":"x"}],\#(metric)"#), "query.dimensions[0].field", "expected a string"),
            (#"{"view":"observations","fromTimestamp":"2025-03-12T00:00:00Z","toTimestamp":"2025-03-12T00:00:00Z",\#(metric)}"#,
             "query", "fromTimestamp must be before toTimestamp"),
            (#"{"view":"observations","fromTimestamp":"2025-03-10","toTimestamp":"2025-03-12T00:00:00Z",\#(metric)}"#,
             "query.fromTimestamp", "time zone"),
            (#"{"view":"observations","fromTimestamp":"2025-03-10T00:00:00","toTimestamp":"2025-03-12T00:00:00Z",\#(metric)}"#,
             "query.fromTimestamp", "time zone"),
            (query(#"\#(metric),"config":{"row_limit":0}"#), "query.config.row_limit", "from 1 to 1000"),
            (query(#"\#(metric),"config":{"row_limit":1001}"#), "query.config.row_limit", "from 1 to 1000"),
            (query(#"\#(metric),"config":{"row_limit":2.5}"#), "query.config.row_limit", "from 1 to 1000"),
            (query(#"\#(metric),"config":{"bins":0}"#), "query.config.bins", "from 1 to 100"),
            (query(#"\#(metric),"config":{"bins":101}"#), "query.config.bins", "from 1 to 100"),
            (query(#"\#(metric),"timeDimension":{"granularity":"fortnight"}"#), "query.timeDimension.granularity", "'auto'"),
            (query(#"\#(metric),"orderBy":[{"field":"count_count","direction":"up"}]"#), "query.orderBy[0].direction", "'asc' or 'desc'"),
        ]
        for (text, parameter, message) in cases {
            let error = refusal(text)
            #expect(error?.parameter == parameter, "\(text)")
            #expect(error?.message.contains(message) == true, "\(text): \(error?.message ?? "accepted")")
        }
    }

    @Test func namesAreCheckedAgainstTheView() {
        let cases: [(String, String, String)] = [
            (query(#""dimensions":[{"field":"colour"}],"metrics":[{"measure":"count","aggregation":"count"}]"#),
             "query.dimensions[0].field", "Invalid dimension colour. Must be one of id, traceId"),
            (query(#""metrics":[{"measure":"speed","aggregation":"sum"}]"#), "query.metrics[0].measure", "Invalid metric speed"),
            (query(#""metrics":[{"measure":"traceId","aggregation":"sum"}]"#), "query.metrics[0].aggregation", "Valid aggregations: count, uniq"),
            (query(#""metrics":[{"measure":"toolCalls","aggregation":"sum"}]"#), "query.metrics[0].measure", "not supported"),
            (query(#""dimensions":[{"field":"toolNames"}],"metrics":[{"measure":"count","aggregation":"count"}]"#),
             "query.dimensions[0].field", "not supported"),
            (query(#""dimensions":[{"field":"name"},{"field":"name"}],"metrics":[{"measure":"count","aggregation":"count"}]"#),
             "query.dimensions[1].field", "listed twice"),
            (query(#""dimensions":[{"field":"costType"},{"field":"usageType"}],"metrics":[{"measure":"count","aggregation":"count"}]"#),
             "query.dimensions", "Only one pairExpand dimension"),
            (query(#""metrics":[{"measure":"value","aggregation":"avg"}]"#, view: "scores-categorical"), "query.metrics[0].measure", "Invalid metric value"),
        ]
        for (text, parameter, message) in cases {
            let error = refusal(text)
            #expect(error?.parameter == parameter, "\(text)")
            #expect(error?.message.contains(message) == true, "\(text): \(error?.message ?? "accepted")")
        }
    }

    @Test func theTracesViewIsV1Only() throws {
        let text = query(#""dimensions":[{"field":"name"}],"metrics":[{"measure":"count","aggregation":"count"}]"#, view: "traces")
        #expect(refusal(text)?.parameter == "query.view")
        guard case .traces(let traces) = try MetricsQueryParser.parse(text, version: .v1, projectId: "p") else {
            Issue.record("v1 answers the traces view")
            return
        }
        #expect(traces.dimensions.map(\.field) == [.name])
        #expect(refusal(query(#""metrics":[{"measure":"traceId","aggregation":"uniq"}]"#), version: .v1)?.parameter == "query.metrics[0].measure",
                "traceId is a v2 measure")
    }

    @Test func orderByNamesADimensionTheTimeDimensionOrAMetric() throws {
        let base = #""dimensions":[{"field":"name"}],"metrics":[{"measure":"latency","aggregation":"p95"},{"measure":"latency","aggregation":"histogram"}]"#
        let ok = try observations(query(#"\#(base),"orderBy":[{"field":"name","direction":"desc"},{"field":"p95_latency","direction":"asc"}]"#))
        #expect(ok.orderBy == [MetricsOrder(.dimension(0), .descending), MetricsOrder(.metric(0), .ascending)])
        for field in ["p50_latency", "histogram_latency", "time_dimension", "latency", "type"] {
            let error = refusal(query(#"\#(base),"orderBy":[{"field":"\#(field)","direction":"desc"}]"#))
            #expect(error?.parameter == "query.orderBy[0].field", "\(field)")
            #expect(error?.message.contains("Invalid orderBy field: \(field)") == true, "\(field)")
        }
    }

    @Test func highCardinalityDimensionsOnlyInTopNQueriesOfV2() throws {
        let metric = #""metrics":[{"measure":"totalCost","aggregation":"sum"}]"#
        let timeSeries = refusal(query(#""dimensions":[{"field":"userId"}],\#(metric),"timeDimension":{"granularity":"day"}"#))
        #expect(timeSeries?.message.contains("'userId' cannot be used with timeDimension") == true)
        let noLimit = refusal(query(#""dimensions":[{"field":"traceId"}],\#(metric),"orderBy":[{"field":"sum_totalCost","direction":"desc"}]"#))
        #expect(noLimit?.message.contains("require both 'config.row_limit' and 'orderBy' with direction 'desc'") == true)
        let ascending = refusal(query(#""dimensions":[{"field":"id"}],\#(metric),"config":{"row_limit":5},"orderBy":[{"field":"sum_totalCost","direction":"asc"}]"#))
        #expect(ascending?.message.contains("require both") == true)
        let notAMeasure = refusal(query(#""dimensions":[{"field":"sessionId"},{"field":"name"}],\#(metric),"config":{"row_limit":5},"orderBy":[{"field":"name","direction":"desc"}]"#))
        #expect(notAMeasure?.parameter == "query.orderBy")
        #expect(notAMeasure?.message.contains("'name' is not a measure in this query") == true)
        let topN = try observations(query(#""dimensions":[{"field":"userId"}],\#(metric),"config":{"row_limit":5},"orderBy":[{"field":"sum_totalCost","direction":"desc"}]"#))
        #expect(topN.rowLimit == 5)
        let v1 = try observations(query(#""dimensions":[{"field":"userId"}],\#(metric),"timeDimension":{"granularity":"day"}"#), version: .v1)
        #expect(v1.dimensions.map(\.field) == [.userId], "v1 has no high-cardinality rule")
        #expect(refusal(query(#""dimensions":[{"field":"traceId"}],"metrics":[{"measure":"count","aggregation":"count"}]"#, view: "scores-numeric")) != nil)
    }

    @Test func filtersUseTheSharedGrammarOnTheViewsColumns() throws {
        func filter(_ condition: String, view: String = "observations") -> String {
            query(#""metrics":[{"measure":"count","aggregation":"count"}],"filters":[\#(condition)]"#, view: view)
        }
        let cases: [(String, String, String)] = [
            (filter(#"{"type":"number","column":"totalCost","operator":">","value":1}"#), "query.filters[0].column", "is a measure"),
            (filter(#"{"type":"string","column":"colour","operator":"=","value":"x"}"#), "query.filters[0].column", "Invalid filter column colour"),
            (filter(#"{"type":"stringOptions","column":"tags","operator":"any of","value":["a"]}"#), "query.filters[0].type", "Expected 'arrayOptions'"),
            (filter(#"{"type":"null","column":"metadata","operator":"is null","value":""}"#), "query.filters[0].type", "Metadata filters require type 'stringObject'"),
            (filter(#"{"type":"stringObject","column":"metadata","operator":"=","value":"x"}"#), "query.filters[0].key", "is required"),
            (filter(#"{"type":"number","column":"name","operator":"=","value":1}"#), "query.filters[0].type", "does not suit"),
            (filter(#"{"type":"string","column":"name","operator":"matches","value":"x"}"#), "query.filters[0].operator", "matches"),
            (filter(#"{"type":"string","column":"toolNames","operator":"=","value":"x"}"#), "query.filters[0].column", "not supported"),
        ]
        for (text, parameter, message) in cases {
            let error = refusal(text)
            #expect(error?.parameter == parameter, "\(text)")
            #expect(error?.message.contains(message) == true, "\(text): \(error?.message ?? "accepted")")
        }
        let accepted = try observations(filter(#"""
            {"type":"datetime","column":"start_time","operator":">=","value":"2025-03-10T06:00:00Z"},
            {"type":"stringObject","column":"metadata","key":"step","operator":"=","value":"answer"},
            {"type":"arrayOptions","column":"tags","operator":"all of","value":["a","b"]},
            {"type":"null","column":"providedModelName","operator":"is not null","value":""},
            {"type":"positionInTrace","column":"name","operator":"=","key":"root","value":""}
            """#))
        #expect(accepted.filters.map(\.column) == [.startTime, .metadata, .tags, .providedModelName], "positionInTrace is ignored, as in Langfuse")
        let scoreName = try scores(filter(#"{"type":"string","column":"scoreName","operator":"=","value":"quality"}"#, view: "scores-numeric"), version: .v2)
        #expect(scoreName.filters.map(\.column) == [.name], "an unknown *Name column means name (LFE-4838)")
    }

    @Test func namesMeanWhatTheirVersionMeans() throws {
        let sessions = #""dimensions":[{"field":"sessionId"}],"metrics":[{"measure":"count","aggregation":"count"}],"filters":[{"type":"string","column":"sessionId","operator":"=","value":"s"}]"#
        let v1 = try scores(query(sessions, view: "scores-numeric"), version: .v1)
        #expect(v1.dimensions.map(\.field) == [.traceSessionId] && v1.filters.map(\.column) == [.traceSessionId], "v1: the trace's session")
        let v2Text = query(#"\#(sessions),"config":{"row_limit":3},"orderBy":[{"field":"count_count","direction":"desc"}]"#, view: "scores-numeric")
        let v2 = try scores(v2Text, version: .v2)
        #expect(v2.dimensions.map(\.field) == [.sessionId] && v2.filters.map(\.column) == [.sessionId], "v2: the score's own session")

        let versions = #""dimensions":[{"field":"traceVersion"},{"field":"traceRelease"}],"metrics":[{"measure":"count","aggregation":"count"}]"#
        #expect(try observations(query(versions), version: .v1).dimensions.map(\.field) == [.traceVersion, .release])
        let v2Observations = try observations(query(versions))
        #expect(v2Observations.dimensions.map(\.field) == [.version, .release], "v2's traceVersion is the row's own version")
        #expect(v2Observations.dimensions.map(\.name) == ["traceVersion", "traceRelease"], "rows keep the names asked for")
    }

    @Test func aMeasurePerTypeBringsItsTypeDimension() throws {
        let parsed = try observations(query(#""dimensions":[{"field":"name"}],"metrics":[{"measure":"costByType","aggregation":"sum"}]"#))
        #expect(parsed.dimensions.map(\.name) == ["name", "costType"])
        #expect(parsed.dimensions.map(\.field) == [.name, .costType])
    }

    @Test func hugeInputsAreBounded() {
        let long = String(repeating: " ", count: 300_000)
        #expect(refusal(query(#""metrics":[{"measure":"count","aggregation":"count"}]\#(long)"#))?.message.contains("longer than") == true)
        let manyMetrics = Array(repeating: #"{"measure":"count","aggregation":"count"}"#, count: 101).joined(separator: ",")
        #expect(refusal(query(#""metrics":[\#(manyMetrics)]"#))?.message.contains("at most 100") == true)
        let manyFilters = Array(repeating: #"{"type":"string","column":"name","operator":"=","value":"x"}"#, count: 101).joined(separator: ",")
        #expect(refusal(query(#""metrics":[{"measure":"count","aggregation":"count"}],"filters":[\#(manyFilters)]"#))?.message.contains("at most 100") == true)
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        #expect(refusal(query(#""metrics":[{"measure":"count","aggregation":"count"}],"extra":\#(deep)"#))?.message == "Invalid JSON in query parameter")
    }
}
