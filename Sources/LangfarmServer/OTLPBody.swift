import CompressNIO
import Foundation
import Hummingbird
import LangfarmCore
import LangfarmIngest
import NIOCore

/// Reads an OTLP/HTTP export body: the size limits, `Content-Encoding` (gzip, deflate) and
/// `Content-Type` (protobuf or JSON), answered with Langfuse's 400 messages (compat §3) or 413.
enum OTLPBody {
    /// Compressed or not, what an exporter may send in one request. Langfuse sets no limit;
    /// Langfarm caps both sides so that a gzip bomb cannot exhaust memory. Decoding takes
    /// memory many times the body (up to ~130× for protobuf made only of empty spans), so the
    /// decompressed cap is kept well below what real exports need (a full 512-span batch of
    /// an SDK with kilobyte inputs is about 1–4 MiB).
    static let bodyLimit = 8 * 1_048_576
    static let decompressedLimit = 8 * 1_048_576

    enum Format {
        case protobuf
        case json
    }

    /// What a span is counted as in the body budget (`RequestBodyBudget`) while its export is
    /// handled: an export of 160,000 minimal spans (8 MB) peaks about 440 MiB above idle, 2.7 kB
    /// a span (docs/PERFORMANCE.md); the rest is headroom for spans with more attributes.
    static let budgetBytesPerSpan = 8 * 1_024

    static func format(of request: Request) throws -> Format {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        if contentType.contains("application/x-protobuf") { return .protobuf }
        if contentType.contains("application/json") { return .json }
        throw APIError(.badRequest, "Invalid content type", error: .string("expected application/x-protobuf or application/json, got '\(contentType.prefix(100))'"))
    }

    /// The body, decompressed as its `Content-Encoding` says.
    static func read(_ request: Request) async throws -> ByteBuffer {
        var body = try await RequestBody.collect(request, limit: bodyLimit)
        let encoding = request.headers[.contentEncoding]?.lowercased().trimmingCharacters(in: .whitespaces) ?? ""
        let algorithm: CompressionAlgorithm
        switch encoding {
        case "", "identity": return body
        case let value where value.contains("gzip"): algorithm = .gzip()
        case let value where value.contains("deflate"): algorithm = .zlib()
        default:
            throw APIError(.badRequest, "Unsupported Content-Encoding '\(encoding.prefix(40))'; send gzip, deflate or an uncompressed body")
        }
        let tooLarge = APIError(
            .contentTooLarge, "The decompressed body is larger than the limit of \(decompressedLimit) bytes; export fewer spans per request",
            error: .string("PayloadTooLargeError")
        )
        let decompressed: ByteBuffer
        do {
            decompressed = try wholeStream(of: &body, algorithm: algorithm)
        } catch let error as CompressNIOError where error == .bufferOverflow {
            throw tooLarge
        } catch let error as IncompleteStream {
            throw APIError(.badRequest, "Failed to decompress request body", error: .string(error.reason))
        } catch {
            throw APIError(.badRequest, "Failed to decompress request body", error: .string("\(error)"))
        }
        guard decompressed.readableBytes <= decompressedLimit else { throw tooLarge }
        return decompressed
    }

    /// A compressed body that is not one whole stream: cut short, or followed by other bytes.
    struct IncompleteStream: Error {
        let reason: String
    }

    /// Decompresses `body`, which must be exactly one complete stream. compress-nio's
    /// `decompress` returns whatever a stream cut short yields, and ignores bytes after the
    /// stream's end: an export whose connection dropped mid-body would be acknowledged with
    /// its spans lost. So the stream is run here: every byte must be consumed, and one more
    /// call with no input must find the stream ended (zlib answers "stream end" only after it
    /// has read and verified the trailer, the CRC-32 or Adler-32 checksum included; a stream
    /// still waiting for input is reported as `inputBufferOverflow`).
    private static func wholeStream(of body: inout ByteBuffer, algorithm: CompressionAlgorithm) throws -> ByteBuffer {
        let decompressor = algorithm.decompressor
        try decompressor.startStream()
        defer { try? decompressor.finishStream() }
        // One byte more than the limit: compress-nio may stop at `maxSize` without an error,
        // so reaching it is what tells a body over the limit from one exactly at it.
        let decompressed = try body.decompressStream(with: decompressor, maxSize: decompressedLimit + 1)
        guard body.readableBytes == 0 else {
            throw IncompleteStream(reason: "\(body.readableBytes) bytes follow the end of the compressed stream")
        }
        var rest = ByteBufferAllocator().buffer(capacity: 16)
        do {
            try decompressor.streamInflate(from: &body, to: &rest)
        } catch let error as CompressNIOError where error == .inputBufferOverflow {
            throw IncompleteStream(reason: "the compressed stream ends before its end: the body was cut short")
        }
        return decompressed
    }

    /// Spans of the export; a malformed export is refused whole.
    static func spans(_ body: ByteBuffer, format: Format) throws -> [OTLPSpan] {
        do {
            switch format {
            case .protobuf:
                return try OTLPProtobufDecoder.decode(Data(body.readableBytesView))
            case .json:
                let document: JSONValue
                do {
                    document = try JSONValue.parse(Data(body.readableBytesView))
                } catch {
                    throw OTLPDecodingError("Failed to parse OTel JSON Trace: \(error)")
                }
                return try OTLPJSONDecoder.decode(document)
            }
        } catch let error as OTLPDecodingError {
            throw APIError(.badRequest, error.message)
        }
    }
}
