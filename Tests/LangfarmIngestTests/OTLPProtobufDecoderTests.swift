import Foundation
import LangfarmCore
import SwiftProtobuf
import TestSupport
import Testing
@testable import LangfarmIngest

/// The fixtures are real OTLP export bodies captured from the Langfuse Python SDK 3.15.0, 4.18.0
/// and 5.0.4 (5.0.4 sends them gzipped; they are stored gunzipped, as the decoder receives them),
/// each with its protobuf-JSON rendering (`.decoded.json`, ids in base64) as the expected values.
@Suite struct OTLPProtobufDecoderTests {
    static let sdkVersions = ["v3.15.0", "v4.18.0", "v5.0.4"]

    // MARK: Real SDK captures

    @Test(arguments: sdkVersions)
    func everyFixtureDecodesAsItsProtobufJSONSays(version: String) throws {
        let spans = try OTLPProtobufDecoder.decode(try fixture(version, "pb"))
        let expected = try ExpectedSpans(try fixture(version, "decoded.json"))
        #expect(spans.count == 4)
        #expect(spans.map(\.name) == expected.names)
        #expect(spans.map(\.traceId) == expected.traceIds)
        #expect(spans.map(\.spanId) == expected.spanIds)
        #expect(spans.map(\.parentSpanId) == expected.parentSpanIds)
        #expect(spans.map(\.startTimeUnixNano) == expected.startTimes)
        #expect(spans.map(\.endTimeUnixNano) == expected.endTimes)
        #expect(spans.map(\.attributes) == expected.attributes)
        #expect(spans.allSatisfy { $0.resource == expected.resource })
        #expect(spans.allSatisfy { $0.scope == expected.scope })
        #expect(spans.allSatisfy { $0.statusCode == 0 && $0.statusMessage == nil && $0.events.isEmpty })
    }

    @Test func theV5CaptureCarriesLangfuseAttributes() throws {
        let spans = try OTLPProtobufDecoder.decode(try fixture("v5.0.4", "pb"))
        let byName = Dictionary(uniqueKeysWithValues: spans.map { ($0.name, $0) })
        let root = try #require(byName["outer-span"])
        let generation = try #require(byName["llm-call"])
        #expect(root.parentSpanId == nil)
        #expect(root.attributes["langfuse.internal.is_app_root"] == .bool(true))
        #expect(spans.filter { $0.name != "outer-span" }.allSatisfy { $0.parentSpanId == root.spanId })
        #expect(Set(spans.map(\.traceId)) == ["f34d3de6961d53e86a70c7cc4a337166"])
        #expect(generation.spanId == "e9a768784b90b394")
        #expect(generation.attributes["langfuse.observation.type"] == .string("generation"))
        #expect(generation.attributes["langfuse.observation.model.name"] == .string("gpt-4o"))
        #expect(generation.attributes["langfuse.observation.usage_details"]
            == .string(#"{"input": 10, "output": 5, "total": 15}"#))
        #expect(generation.attributes["langfuse.trace.tags"] == .array([.string("feas")]))
        #expect(generation.startTimeUnixNano == 1_795_600_292_160_151_047)
        #expect(generation.scope == OTLPScope(
            name: "langfuse-sdk", version: "5.0.4", attributes: ["public_key": .string("pk-lf-test")]))
        #expect(generation.resource["service.name"] == .string("unknown_service:python"))
    }

    // MARK: Bodies that are not an export

    @Test(arguments: sdkVersions)
    func everyTruncationOfAFixtureIsRefused(version: String) throws {
        let body = try fixture(version, "pb")
        for length in 1..<body.count {
            expectParseFailure(body.prefix(length), "cut at \(length) of \(body.count) bytes")
        }
    }

    @Test func randomGarbageIsRefused() {
        var random = SplitMix64(seed: 0x1A46_FA12)
        for round in 0..<500 {
            let body = Data((0..<Int.random(in: 64...2048, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) })
            expectParseFailure(body, "garbage round \(round)")
        }
    }

    @Test func bodiesOfTheWrongFormatAreRefused() {
        expectParseFailure(Data(#"{"resourceSpans":[]}"#.utf8), "OTLP JSON")
        expectParseFailure(Data([0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]), "a body still gzipped")
    }

    @Test func anEmptyBodyIsAnEmptyExport() throws {
        #expect(try OTLPProtobufDecoder.decode(Data()).isEmpty)
    }

    // MARK: Ids

    @Test func aTraceIdOfTheWrongLengthIsRefusedWithItsPath() {
        var span = validSpan()
        span.traceID = Data(repeating: 1, count: 15)
        expectRefusal(of: span, "resourceSpans[0].scopeSpans[0].spans[0].traceId: expected 16 bytes, got 15")
    }

    @Test func aMissingSpanIdIsRefused() {
        var span = validSpan()
        span.spanID = Data()
        expectRefusal(of: span, "resourceSpans[0].scopeSpans[0].spans[0].spanId: expected 8 bytes, got 0")
    }

    @Test func allZeroIdsAreRefused() {
        var span = validSpan()
        span.spanID = Data(count: 8)
        expectRefusal(of: span, "resourceSpans[0].scopeSpans[0].spans[0].spanId: an all-zero id is invalid")
        span = validSpan()
        span.traceID = Data(count: 16)
        expectRefusal(of: span, "resourceSpans[0].scopeSpans[0].spans[0].traceId: an all-zero id is invalid")
    }

    @Test func theErrorNamesTheOffendingSpanAmongMany() {
        var bad = validSpan()
        bad.traceID = Data()
        var first = OTLPScopeSpans()
        first.spans = [validSpan()]
        var second = OTLPScopeSpans()
        second.spans = [validSpan(), validSpan(), validSpan(), bad]
        var resourceSpans = OTLPResourceSpans()
        resourceSpans.scopeSpans = [first, second]
        var request = OTLPExportTraceRequest()
        request.resourceSpans = [resourceSpans]
        #expect(throws: OTLPDecodingError("resourceSpans[0].scopeSpans[1].spans[3].traceId: expected 16 bytes, got 0")) {
            try OTLPProtobufDecoder.spans(of: request)
        }
    }

    @Test func parentIdsAreHexNoneOrRefused() throws {
        var child = validSpan()
        child.parentSpanID = Data([0xAB, 0, 0, 0, 0, 0, 0, 0x0F])
        #expect(try decode(child).parentSpanId == "ab0000000000000f")
        child.parentSpanID = Data(count: 8)
        #expect(try decode(child).parentSpanId == nil, "all zero is W3C for no parent")
        child.parentSpanID = Data([1, 2, 3, 4, 5])
        expectRefusal(of: child, "resourceSpans[0].scopeSpans[0].spans[0].parentSpanId: expected 8 bytes, got 5")
    }

    // MARK: Span fields

    @Test func spanFieldsAreCopiedAndZeroMeansMissing() throws {
        var span = validSpan()
        span.name = "chat"
        span.startTimeUnixNano = 1_795_600_292_160_151_047
        span.status.code = .error
        span.status.message = "rate limited"
        var event = OTLPProtoSpan.Event()
        event.name = "gen_ai.content.prompt"
        event.timeUnixNano = 42
        event.attributes = [attribute("gen_ai.prompt", .stringValue("hi"))]
        span.events = [event, OTLPProtoSpan.Event()]
        let decoded = try decode(span)
        #expect(decoded.traceId == "0102030405060708090a0b0c0d0e0f10")
        #expect(decoded.spanId == "1112131415161718")
        #expect(decoded.name == "chat")
        #expect(decoded.startTimeUnixNano == 1_795_600_292_160_151_047)
        #expect(decoded.endTimeUnixNano == nil)
        #expect(decoded.statusCode == 2)
        #expect(decoded.statusMessage == "rate limited")
        #expect(decoded.events == [
            OTLPSpanEvent(name: "gen_ai.content.prompt", timeUnixNano: 42, attributes: ["gen_ai.prompt": .string("hi")]),
            OTLPSpanEvent(name: ""),
        ])
    }

    @Test func resourceAndScopeAreCopiedToEverySpanOfTheirScope() throws {
        var scopeSpans = OTLPScopeSpans()
        scopeSpans.scope.name = "openinference.instrumentation.openai"
        scopeSpans.scope.attributes = [attribute("a", .intValue(1))]
        scopeSpans.spans = [validSpan(), validSpan()]
        var unnamed = OTLPScopeSpans()
        unnamed.spans = [validSpan()]
        var resourceSpans = OTLPResourceSpans()
        resourceSpans.resource.attributes = [attribute("service.name", .stringValue("chatbot"))]
        resourceSpans.scopeSpans = [scopeSpans, unnamed]
        var request = OTLPExportTraceRequest()
        request.resourceSpans = [resourceSpans]
        let spans = try OTLPProtobufDecoder.decode(try request.serializedBytes())
        #expect(spans.map(\.scope) == [
            OTLPScope(name: "openinference.instrumentation.openai", attributes: ["a": .number(1)]),
            OTLPScope(name: "openinference.instrumentation.openai", attributes: ["a": .number(1)]),
            OTLPScope(),
        ])
        #expect(spans.allSatisfy { $0.resource == ["service.name": .string("chatbot")] })
    }

    // MARK: Attribute values

    @Test func attributeValuesBecomeJSONWithoutLosingInformation() throws {
        var nested = OTLPKeyValueList()
        nested.values = [attribute("c", .stringValue("d"))]
        var list = OTLPKeyValueList()
        list.values = [
            attribute("b", .intValue(0)), attribute("a", .doubleValue(1.5)), attribute("b", .kvlistValue(nested)),
        ]
        var array = OTLPArrayValue()
        array.values = [value(.intValue(1)), value(.stringValue("x")), value(.kvlistValue(nested)), value(nil)]
        var span = validSpan()
        span.attributes = [
            attribute("string", .stringValue("text")),
            attribute("bool", .boolValue(false)),
            attribute("double", .doubleValue(0.25)),
            attribute("int", .intValue(9_007_199_254_740_992)),
            attribute("negative int", .intValue(-9_007_199_254_740_992)),
            attribute("int 2^62", .intValue(1 << 62)),
            attribute("int min", .intValue(.min)),
            attribute("nan", .doubleValue(.nan)),
            attribute("infinity", .doubleValue(-.infinity)),
            attribute("kvlist", .kvlistValue(list)),
            attribute("array", .arrayValue(array)),
            attribute("bytes", .bytesValue(Data([0, 1, 2, 0xFF]))),
            attribute("empty", nil),
            OTLPKeyValue.with { $0.key = "unset" },
            attribute("duplicate", .stringValue("first")),
            attribute("duplicate", .stringValue("last")),
        ]
        #expect(try decode(span).attributes == [
            "string": .string("text"),
            "bool": .bool(false),
            "double": .number(0.25),
            "int": .number(9_007_199_254_740_992),
            "negative int": .number(-9_007_199_254_740_992),
            "int 2^62": .string("4611686018427387904"),
            "int min": .string("-9223372036854775808"),
            "nan": .string("NaN"),
            "infinity": .string("-Infinity"),
            "kvlist": .string(#"{"a":1.5,"b":"{\"c\":\"d\"}"}"#),
            "array": .array([.number(1), .string("x"), .string(#"{"c":"d"}"#), .null]),
            "bytes": .string("AAEC/w=="),
            "empty": .null,
            "unset": .null,
            "duplicate": .string("last"),
        ])
    }

    @Test func tenThousandAttributesOnOneSpanDecode() throws {
        var span = validSpan()
        span.attributes = (0..<10_000).map { attribute("key.\($0)", .intValue(Int64($0))) }
        let attributes = try decode(span).attributes
        #expect(attributes.count == 10_000)
        #expect(attributes["key.9999"] == .number(9_999))
    }

    @Test func attributeNestingIsCappedByTheDepthLimit() throws {
        // A span attribute's value sits at depth 6 and each nested array adds 2 (ArrayValue, AnyValue).
        let deepestAllowed = (OTLPProtobufDecoder.messageDepthLimit - 6) / 2
        var span = validSpan()
        span.attributes = [attribute("deep", nestedArrays(deepestAllowed))]
        #expect(try decode(span).attributes["deep"] != nil)
        span.attributes = [attribute("deep", nestedArrays(deepestAllowed + 1))]
        let body: Data = try request(span).serializedBytes()
        #expect(throws: OTLPDecodingError("Failed to parse OTel Protobuf Trace: messages nest deeper than 64 levels")) {
            try OTLPProtobufDecoder.decode(body)
        }
    }

    // MARK: Helpers

    private func fixture(_ version: String, _ kind: String) throws -> Data {
        let url = try #require(Bundle.module.url(
            forResource: "\(version)-otlp-traces", withExtension: kind, subdirectory: "Fixtures/otlp"))
        return try Data(contentsOf: url)
    }

    private func validSpan() -> OTLPProtoSpan {
        var span = OTLPProtoSpan()
        span.traceID = Data(1...16)
        span.spanID = Data(0x11...0x18)
        return span
    }

    private func request(_ span: OTLPProtoSpan) -> OTLPExportTraceRequest {
        var scopeSpans = OTLPScopeSpans()
        scopeSpans.spans = [span]
        var resourceSpans = OTLPResourceSpans()
        resourceSpans.scopeSpans = [scopeSpans]
        var request = OTLPExportTraceRequest()
        request.resourceSpans = [resourceSpans]
        return request
    }

    /// Through the wire format and the public entry point, as the server calls it.
    private func decode(_ span: OTLPProtoSpan) throws -> OTLPSpan {
        let spans = try OTLPProtobufDecoder.decode(try request(span).serializedBytes())
        return try #require(spans.first)
    }

    private func expectRefusal(of span: OTLPProtoSpan, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: OTLPDecodingError(message), sourceLocation: sourceLocation) {
            try OTLPProtobufDecoder.decode(try request(span).serializedBytes())
        }
    }

    private func expectParseFailure(_ body: Data, _ comment: Comment, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let spans = try OTLPProtobufDecoder.decode(body)
            Issue.record("decoded \(spans.count) spans: \(comment)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.message.hasPrefix("Failed to parse OTel Protobuf Trace: "), comment, sourceLocation: sourceLocation)
        }
    }

    private func attribute(_ key: String, _ value: OTLPAnyValue.OneOf_Value?) -> OTLPKeyValue {
        OTLPKeyValue.with {
            $0.key = key
            $0.value = self.value(value)
        }
    }

    private func value(_ value: OTLPAnyValue.OneOf_Value?) -> OTLPAnyValue {
        OTLPAnyValue.with { $0.value = value }
    }

    private func nestedArrays(_ levels: Int) -> OTLPAnyValue.OneOf_Value {
        var innermost = OTLPAnyValue.OneOf_Value.stringValue("bottom")
        for _ in 0..<levels {
            innermost = .arrayValue(OTLPArrayValue.with { $0.values = [value(innermost)] })
        }
        return innermost
    }
}

private typealias OTLPScopeSpans = Opentelemetry_Proto_Trace_V1_ScopeSpans
private typealias OTLPResourceSpans = Opentelemetry_Proto_Trace_V1_ResourceSpans
private typealias OTLPKeyValueList = Opentelemetry_Proto_Common_V1_KeyValueList
private typealias OTLPArrayValue = Opentelemetry_Proto_Common_V1_ArrayValue

/// What a fixture's protobuf-JSON rendering says about its spans, read independently of the
/// decoder under test: ids are base64 there, timestamps decimal strings, int64s strings.
private struct ExpectedSpans {
    var names: [String] = []
    var traceIds: [String] = []
    var spanIds: [String] = []
    var parentSpanIds: [String?] = []
    var startTimes: [UInt64?] = []
    var endTimes: [UInt64?] = []
    var attributes: [[String: JSONValue]] = []
    var resource: [String: JSONValue] = [:]
    var scope = OTLPScope()

    init(_ json: Data) throws {
        let request = try JSONValue.parse(json)
        for resourceSpans in request["resourceSpans"]?.arrayValue ?? [] {
            resource = Self.attributes(resourceSpans["resource"]?["attributes"])
            for scopeSpans in resourceSpans["scopeSpans"]?.arrayValue ?? [] {
                let scope = scopeSpans["scope"]
                self.scope = OTLPScope(
                    name: scope?["name"]?.stringValue ?? "", version: scope?["version"]?.stringValue,
                    attributes: Self.attributes(scope?["attributes"]))
                for span in scopeSpans["spans"]?.arrayValue ?? [] {
                    names.append(span["name"]?.stringValue ?? "")
                    traceIds.append(try Self.hex(span["traceId"]))
                    spanIds.append(try Self.hex(span["spanId"]))
                    parentSpanIds.append(span["parentSpanId"] == nil ? nil : try Self.hex(span["parentSpanId"]))
                    startTimes.append(span["startTimeUnixNano"]?.stringValue.flatMap { UInt64($0) })
                    endTimes.append(span["endTimeUnixNano"]?.stringValue.flatMap { UInt64($0) })
                    attributes.append(Self.attributes(span["attributes"]))
                }
            }
        }
    }

    private static func hex(_ base64: JSONValue?) throws -> String {
        try #require(base64?.stringValue.flatMap { Data(base64Encoded: $0) }).hexString
    }

    private static func attributes(_ list: JSONValue?) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for pair in list?.arrayValue ?? [] {
            result[pair["key"]?.stringValue ?? ""] = value(pair["value"])
        }
        return result
    }

    /// Only the kinds the captures contain; anything else fails the comparison loudly.
    private static func value(_ value: JSONValue?) -> JSONValue {
        if let text = value?["stringValue"] { return text }
        if let flag = value?["boolValue"] { return flag }
        if let array = value?["arrayValue"] {
            return .array((array["values"]?.arrayValue ?? []).map { Self.value($0) })
        }
        return .string("unexpected value in fixture: \(value?.jsonText ?? "none")")
    }
}
