import Foundation
import LangfarmCore
import SwiftProtobuf

typealias OTLPExportTraceRequest = Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest
typealias OTLPProtoSpan = Opentelemetry_Proto_Trace_V1_Span
typealias OTLPKeyValue = Opentelemetry_Proto_Common_V1_KeyValue
typealias OTLPAnyValue = Opentelemetry_Proto_Common_V1_AnyValue

/// Decodes an OTLP/HTTP protobuf trace export (`ExportTraceServiceRequest`, already gunzipped)
/// into neutral `OTLPSpan`s, with Langfuse's rules (compat §3): ids become lower-case hex, and a
/// single span with a missing or malformed id rejects the whole export.
///
/// Hostile input: nesting is capped by `messageDepthLimit`, which also bounds the recursion of
/// the attribute conversion, and unknown fields are dropped rather than kept. Memory grows with
/// the body, but not 1:1: the whole request is materialised before any span is checked, and a
/// body of nothing but empty spans peaks at ~130× its size (~40× for empty attributes; measured
/// on 8 MB bodies). The caller must therefore cap the (decompressed) body size.
public enum OTLPProtobufDecoder {
    /// How deeply messages may nest. A span attribute's value already sits at depth 6 (request ›
    /// resourceSpans › scopeSpans › span › KeyValue › AnyValue) and every nested array or kvlist
    /// adds 2, so 64 leaves ~29 levels of nested attribute values: far more than any
    /// instrumentation sends, and a stack depth that is safe on any thread.
    static let messageDepthLimit = 64

    public static func decode(_ bytes: Data) throws(OTLPDecodingError) -> [OTLPSpan] {
        var options = BinaryDecodingOptions()
        options.messageDepthLimit = messageDepthLimit
        options.discardUnknownFields = true
        let request: OTLPExportTraceRequest
        do {
            request = try OTLPExportTraceRequest(serializedBytes: bytes, options: options)
        } catch {
            throw OTLPDecodingError("Failed to parse OTel Protobuf Trace: \(explain(error))")
        }
        return try spans(of: request)
    }

    static func spans(of request: OTLPExportTraceRequest) throws(OTLPDecodingError) -> [OTLPSpan] {
        var spans: [OTLPSpan] = []
        for (resourceIndex, resourceSpans) in request.resourceSpans.enumerated() {
            let resource = attributes(resourceSpans.resource.attributes)
            for (scopeIndex, scopeSpans) in resourceSpans.scopeSpans.enumerated() {
                let scope = OTLPScope(
                    name: scopeSpans.scope.name,
                    version: nonEmpty(scopeSpans.scope.version),
                    attributes: attributes(scopeSpans.scope.attributes)
                )
                for (spanIndex, span) in scopeSpans.spans.enumerated() {
                    let path = "resourceSpans[\(resourceIndex)].scopeSpans[\(scopeIndex)].spans[\(spanIndex)]"
                    spans.append(try neutral(span, resource: resource, scope: scope, path: path))
                }
            }
        }
        return spans
    }

    private static func neutral(
        _ span: OTLPProtoSpan, resource: [String: JSONValue], scope: OTLPScope, path: String
    ) throws(OTLPDecodingError) -> OTLPSpan {
        OTLPSpan(
            traceId: try hexId(span.traceID, byteCount: 16, at: "\(path).traceId"),
            spanId: try hexId(span.spanID, byteCount: 8, at: "\(path).spanId"),
            parentSpanId: try parentId(span.parentSpanID, at: "\(path).parentSpanId"),
            name: span.name,
            startTimeUnixNano: nonZero(span.startTimeUnixNano),
            endTimeUnixNano: nonZero(span.endTimeUnixNano),
            attributes: attributes(span.attributes),
            statusCode: span.status.code.rawValue,
            statusMessage: nonEmpty(span.status.message),
            events: span.events.map { event in
                OTLPSpanEvent(
                    name: event.name, timeUnixNano: nonZero(event.timeUnixNano),
                    attributes: attributes(event.attributes)
                )
            },
            resource: resource,
            scope: scope
        )
    }

    /// Exactly `byteCount` bytes and not all zero, checked as `OTLPJSONDecoder` checks its ids.
    private static func hexId(_ id: Data, byteCount: Int, at path: String) throws(OTLPDecodingError) -> String {
        try OTLPIds.hex(Array(id), bytes: byteCount, at: path)
    }

    /// Roots send no parent id. An all-zero one is the W3C "no parent" too, so it also makes a
    /// root rather than a child of a span that cannot exist.
    private static func parentId(_ id: Data, at path: String) throws(OTLPDecodingError) -> String? {
        if id.isEmpty || (id.count == 8 && id.allSatisfy { $0 == 0 }) { return nil }
        return try hexId(id, byteCount: 8, at: path)
    }

    /// Proto3 cannot tell 0 from unset, and OTLP defines 0 as "unknown", so 0 means missing.
    private static func nonZero(_ nanos: UInt64) -> UInt64? { nanos == 0 ? nil : nanos }

    private static func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }

    private static func explain(_ error: any Error) -> String {
        switch error as? BinaryDecodingError {
        case .truncated: return "the body ends inside a field (cut short, or not protobuf)"
        case .malformedProtobuf:
            return "malformed protobuf (is it still gzipped, or JSON sent as application/x-protobuf?)"
        case .invalidUTF8: return "a string field is not valid UTF-8"
        case .messageDepthLimit: return "messages nest deeper than \(messageDepthLimit) levels"
        default: return "\(error)"
        }
    }
}
