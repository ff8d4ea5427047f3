import CompressNIO
import Foundation
import LangfarmCore
import NIOCore
import Testing
@testable import LangfarmServer

/// `POST /api/public/otel/v1/traces` (compat §3): formats, encodings, and every kind of bad
/// export refused whole with nothing stored.
@Suite struct OTLPEndpointTests {
    static let path = "/api/public/otel/v1/traces"
    static let traceId = "5b8efff798038103d269b633813fc60c"

    static func attribute(_ key: String, _ value: JSONValue) -> JSONValue { ["key": .string(key), "value": value] }

    static func span(_ id: String, parent: String? = nil, name: String = "work", traceId: String = traceId, attributes: [JSONValue] = []) -> JSONValue {
        var span: [String: JSONValue] = [
            "traceId": .string(traceId), "spanId": .string(id), "name": .string(name),
            "startTimeUnixNano": "1795600289518415903", "endTimeUnixNano": "1795600289618415903",
            "attributes": .array(attributes),
        ]
        if let parent { span["parentSpanId"] = .string(parent) }
        return .object(span)
    }

    static func export(_ spans: [JSONValue]) -> JSONValue {
        ["resourceSpans": [["resource": ["attributes": [attribute("service.name", ["stringValue": "tests"])]],
                            "scopeSpans": [["scope": ["name": "tests"], "spans": .array(spans)]]]]]
    }

    static let rootAndGeneration = export([
        span("eee19b7ec3c1b174", name: "root"),
        span("eee19b7ec3c1b175", parent: "eee19b7ec3c1b174", name: "chat", attributes: [
            attribute("gen_ai.operation.name", ["stringValue": "chat"]),
            attribute("gen_ai.request.model", ["stringValue": "gpt-4o"]),
            attribute("gen_ai.usage.input_tokens", ["intValue": "1000"]),
            attribute("gen_ai.usage.output_tokens", ["intValue": 500]),
        ]),
    ])

    func post(_ client: TestClient, _ body: Data, auth: String?, contentType: String = "application/json", encoding: String? = nil,
              headers extra: [String: String] = [:]) async throws -> Reply {
        var headers = extra
        if let encoding { headers["Content-Encoding"] = encoding }
        return try await client.send(.post, Self.path, auth: auth, body: body, contentType: contentType, headers: headers)
    }

    static func compressed(_ data: Data, _ algorithm: CompressionAlgorithm) throws -> Data {
        var buffer = ByteBuffer(bytes: data)
        let output = try buffer.compress(with: algorithm)
        return Data(output.readableBytesView)
    }

    @Test func jsonExportIsStoredAndPriced() async throws {
        try await TestApp.run { app, client in
            let reply = try await post(client, Data(Self.rootAndGeneration.jsonText.utf8), auth: app.a.basic)
            #expect(reply.status == 200, "\(reply)")
            #expect(reply.json == [:])
            let trace = try await client.trace(Self.traceId, auth: app.a.basic)
            #expect(trace.status == 200, "\(trace)")
            #expect(trace.json["name"] == "root")
            let generation = try await client.observation("eee19b7ec3c1b175", auth: app.a.basic).json
            #expect(generation["type"] == "GENERATION")
            #expect(generation["parentObservationId"] == "eee19b7ec3c1b174")
            #expect(generation["calculatedTotalCost"] == 0.0075, "\(generation)")
            #expect(try await client.trace(Self.traceId, auth: app.b.basic).status == 404, "stored in the key's project only")
        }
    }

    @Test(arguments: ["gzip", "deflate", "GZIP"])
    func compressedExportsAreAccepted(encoding: String) async throws {
        try await TestApp.run { app, client in
            let body = try Self.compressed(Data(Self.rootAndGeneration.jsonText.utf8), encoding.lowercased() == "gzip" ? .gzip() : .zlib())
            let reply = try await post(client, body, auth: app.a.basic, encoding: encoding)
            #expect(reply.status == 200, "\(reply)")
            #expect(try await client.observation("eee19b7ec3c1b175", auth: app.a.basic).status == 200)
        }
    }

    @Test func retriedExportChangesNothing() async throws {
        try await TestApp.run { app, client in
            let body = Data(Self.rootAndGeneration.jsonText.utf8)
            #expect(try await post(client, body, auth: app.a.basic).status == 200)
            let before = try await app.loggedEventCount(app.a)
            #expect(try await post(client, body, auth: app.a.basic).status == 200)
            #expect(try await app.loggedEventCount(app.a) == before)
        }
    }

    @Test func corruptOrOversizedCompressionIsRefused() async throws {
        try await TestApp.run { app, client in
            let corrupt = try await post(client, Data("definitely not gzip".utf8), auth: app.a.basic, encoding: "gzip")
            #expect(corrupt.status == 400, "\(corrupt)")
            #expect(corrupt.message == "Failed to decompress request body")

            var truncated = try Self.compressed(Data(Self.rootAndGeneration.jsonText.utf8), .gzip())
            truncated.removeLast(truncated.count / 2)
            #expect(try await post(client, truncated, auth: app.a.basic, encoding: "gzip").status == 400)

            let bomb = try Self.compressed(Data(count: 40 * 1_048_576), .gzip())
            #expect(bomb.count < 100_000)
            let refused = try await post(client, bomb, auth: app.a.basic, encoding: "gzip")
            #expect(refused.status == 413, "\(refused)")

            let brotli = try await post(client, Data(Self.rootAndGeneration.jsonText.utf8), auth: app.a.basic, encoding: "br")
            #expect(brotli.status == 400)
            #expect(try await app.loggedEventCount(app.a) == 0)
        }
    }

    /// A compressed body must be one whole stream: an export whose connection dropped after the
    /// gzip header, or mid-stream, or whose checksum or length is wrong, or that has bytes after
    /// the stream, is refused with a 400 and stores nothing, never acknowledged with its spans lost.
    @Test(arguments: ["gzip", "deflate"])
    func aCompressedBodyThatIsNotOneWholeStreamIsRefused(encoding: String) async throws {
        try await TestApp.run { app, client in
            let whole = try Self.compressed(Data(Self.rootAndGeneration.jsonText.utf8), encoding == "gzip" ? .gzip() : .zlib())
            let headerLength = encoding == "gzip" ? 10 : 2
            var badChecksum = whole
            badChecksum[badChecksum.count - (encoding == "gzip" ? 8 : 1)] ^= 0xFF
            let damaged: [(String, Data)] = [
                ("only the header", whole.prefix(headerLength)),
                ("cut mid-stream", whole.prefix(whole.count / 2)),
                ("cut before the last byte", whole.dropLast()),
                ("a wrong checksum", badChecksum),
                ("bytes after the stream", whole + Data("trailing".utf8)),
                ("a second copy after the stream", whole + whole),
                ("an empty body", Data()),
            ]
            for (problem, body) in damaged {
                let reply = try await post(client, body, auth: app.a.basic, encoding: encoding)
                #expect(reply.status == 400, "\(encoding) with \(problem): \(reply)")
                #expect(reply.message == "Failed to decompress request body", "\(encoding) with \(problem)")
            }
            #expect(try await app.loggedEventCount(app.a) == 0, "a damaged export stored events")
            #expect(try await post(client, whole, auth: app.a.basic, encoding: encoding).status == 200)
            #expect(try await app.loggedEventCount(app.a) > 0)
        }
    }

    /// Each export is refused with a 400 naming the problem, and nothing of it is stored, not
    /// even its valid spans.
    @Test(arguments: [
        (#"[1,2]"#, "resourceSpans"),
        (#"{"resourceSpans":5}"#, "resourceSpans"),
        (#"{"resourceSpans":[{"scopeSpans":{"spans":[]}}]}"#, "scopeSpans"),
        (#"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"abc","spanId":"eee19b7ec3c1b174"}]}]}]}"#, "traceId"),
        (#"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c"}]}]}]}"#, "spanId"),
        (#"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"00000000000000000000000000000000","spanId":"eee19b7ec3c1b174"}]}]}]}"#, "all-zero"),
        (#"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","startTimeUnixNano":"soon"}]}]}]}"#, "startTimeUnixNano"),
        (#"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","attributes":{"a":1}}]}]}]}"#, "attributes"),
        (#"{"resourceSpans": [{"#, "JSON"),
    ])
    func malformedExportsAreRefusedWhole(body: String, problem: String) async throws {
        try await TestApp.run { app, client in
            // A valid export's spans ride along in the same request where the body allows it.
            let reply = try await post(client, Data(body.utf8), auth: app.a.basic)
            #expect(reply.status == 400, "\(reply)")
            #expect(reply.text.contains(problem), "names \(problem): \(reply)")
            #expect(try await app.loggedEventCount(app.a) == 0)
        }
    }

    @Test func oneBadSpanRefusesItsWholeExport() async throws {
        try await TestApp.run { app, client in
            let export = Self.export([Self.span("eee19b7ec3c1b174", name: "good"), Self.span("xyz", name: "bad")])
            let reply = try await post(client, Data(export.jsonText.utf8), auth: app.a.basic)
            #expect(reply.status == 400, "\(reply)")
            #expect(reply.text.contains("spans[1].spanId"))
            #expect(try await app.loggedEventCount(app.a) == 0)
        }
    }

    @Test func contentTypeVersionAndAuthAreChecked() async throws {
        try await TestApp.run { app, client in
            let body = Data(Self.rootAndGeneration.jsonText.utf8)
            let text = try await post(client, body, auth: app.a.basic, contentType: "text/plain")
            #expect(text.status == 400)
            #expect(text.message == "Invalid content type")
            let future = try await post(client, body, auth: app.a.basic, headers: ["x-langfuse-ingestion-version": "5"])
            #expect(future.status == 400, "\(future)")
            #expect(try await post(client, body, auth: nil).status == 401)
            #expect(try await post(client, body, auth: app.a.bearer).status == 403)
            let garbage = try await post(client, Data([0xff, 0x00, 0x13, 0x37, 0x42]), auth: app.a.basic, contentType: "application/x-protobuf")
            #expect(garbage.status == 400, "\(garbage)")
            #expect(garbage.message?.hasPrefix("Failed to parse OTel Protobuf Trace") == true)
            #expect(try await app.loggedEventCount(app.a) == 0)
        }
    }

    @Test func anAllZeroParentMeansNoParent() async throws {
        try await TestApp.run { app, client in
            let export = Self.export([Self.span("eee19b7ec3c1b174", parent: "0000000000000000", name: "root")])
            let reply = try await post(client, Data(export.jsonText.utf8), auth: app.a.basic)
            #expect(reply.status == 200, "\(reply)")
            let observation = try await client.observation("eee19b7ec3c1b174", auth: app.a.basic)
            #expect(observation.json["parentObservationId"] == .null)
            let trace = try await client.trace(Self.traceId, auth: app.a.basic)
            #expect(trace.json["name"] == "root", "a root span names its trace")
        }
    }

    @Test func metricsAreAcceptedAndIgnored() async throws {
        try await TestApp.run { app, client in
            let reply = try await client.send(.post, "/api/public/otel/v1/metrics", auth: app.a.basic, body: Data([1, 2, 3]), contentType: "application/x-protobuf")
            #expect(reply.status == 200, "\(reply)")
            #expect(try await app.loggedEventCount(app.a) == 0)
        }
    }

    @Test func everyAttributeTypeAndTenThousandAttributes() async throws {
        try await TestApp.run { app, client in
            var attributes: [JSONValue] = [
                Self.attribute("big", ["intValue": "4611686018427387904"]),
                Self.attribute("list", ["arrayValue": ["values": [["stringValue": "a"], ["intValue": "1"], ["boolValue": true]]]]),
                Self.attribute("map", ["kvlistValue": ["values": [["key": "k", "value": ["doubleValue": 1.5]]]]]),
                Self.attribute("raw", ["bytesValue": "AAEC"]),
                Self.attribute("empty", [:]),
            ]
            attributes += (0..<10_000).map { Self.attribute("attr.\($0)", ["intValue": .string(String($0))]) }
            let export = Self.export([Self.span("eee19b7ec3c1b174", name: "wide", attributes: attributes)])
            let reply = try await post(client, Data(export.jsonText.utf8), auth: app.a.basic)
            #expect(reply.status == 200, "\(reply)")
            let stored = try await client.observation("eee19b7ec3c1b174", auth: app.a.basic).json["metadata"]?["attributes"]
            #expect(stored?["big"] == "4611686018427387904", "an int64 beyond 2^53 is kept exactly, as text")
            #expect(stored?["list"] == #"["a",1,true]"#, "Langfuse keeps attributes as text: non-strings as their JSON")
            #expect(stored?["map"] == #"{"k":1.5}"#)
            #expect(stored?["raw"] == "AAEC")
            #expect(stored?["attr.9999"] == "9999")
            #expect(stored?.objectValue?.count == 10_005)
        }
    }

    @Test func zeroAndFarFutureTimestamps() async throws {
        try await TestApp.run { app, client in
            var zero = Self.span("eee19b7ec3c1b174", name: "zero")
            zero = .object((zero.objectValue ?? [:]).merging(["startTimeUnixNano": "0", "endTimeUnixNano": 0]) { $1 })
            var future = Self.span("eee19b7ec3c1b175", parent: "eee19b7ec3c1b174", name: "future")
            future = .object((future.objectValue ?? [:]).merging(["startTimeUnixNano": "18000000000000000000", "endTimeUnixNano": "18000000000000000001"]) { $1 })
            let reply = try await post(client, Data(Self.export([zero, future]).jsonText.utf8), auth: app.a.basic)
            #expect(reply.status == 200, "\(reply)")
            let stored = try await client.observation("eee19b7ec3c1b174", auth: app.a.basic).json
            #expect(stored["startTime"]?.stringValue?.hasPrefix("20") == true, "no time means the receive time: \(stored)")
            #expect(try await client.observation("eee19b7ec3c1b175", auth: app.a.basic).json["startTime"]?.stringValue?.hasPrefix("2540") == true)
        }
    }
}
