import Foundation
import LangfarmCore

/// Decodes OTLP/JSON trace exports (`application/json`) into spans. Ids are hex as the OTLP/JSON
/// spec says; base64 (what protobuf's generic JSON mapping writes) is accepted too. Any span
/// with a missing or malformed id rejects the whole export, as in Langfuse (compat §3).
public enum OTLPJSONDecoder {
    public static func decode(_ document: JSONValue) throws(OTLPDecodingError) -> [OTLPSpan] {
        guard case .object(let root) = document else {
            throw OTLPDecodingError("Failed to parse OTel JSON Trace: expected an object with resourceSpans, got \(document.kindDescription)")
        }
        var spans: [OTLPSpan] = []
        for (r, resourceSpans) in try array(root["resourceSpans"], at: "resourceSpans").enumerated() {
            let resourcePath = "resourceSpans[\(r)]"
            let resource = try attributes(resourceSpans["resource"]?["attributes"], at: "\(resourcePath).resource.attributes")
            for (s, scopeSpans) in try array(resourceSpans["scopeSpans"], at: "\(resourcePath).scopeSpans").enumerated() {
                let scopePath = "\(resourcePath).scopeSpans[\(s)]"
                let scopeValue = scopeSpans["scope"]
                let scope = OTLPScope(
                    name: scopeValue?["name"]?.stringValue ?? "", version: scopeValue?["version"]?.stringValue,
                    attributes: try attributes(scopeValue?["attributes"], at: "\(scopePath).scope.attributes")
                )
                for (index, span) in try array(scopeSpans["spans"], at: "\(scopePath).spans").enumerated() {
                    spans.append(try decodeSpan(span, at: "\(scopePath).spans[\(index)]", resource: resource, scope: scope))
                }
            }
        }
        return spans
    }

    private static func decodeSpan(_ span: JSONValue, at path: String, resource: [String: JSONValue], scope: OTLPScope) throws(OTLPDecodingError) -> OTLPSpan {
        guard case .object = span else { throw OTLPDecodingError("\(path): expected an object, got \(span.kindDescription)") }
        // An all-zero parent means "no parent" in W3C trace context, as the protobuf decoder reads it.
        let parentText = span["parentSpanId"]?.stringValue ?? ""
        let parent = parentText.utf8.allSatisfy({ $0 == UInt8(ascii: "0") }) ? "" : parentText
        var events: [OTLPSpanEvent] = []
        for (index, event) in try array(span["events"], at: "\(path).events").enumerated() {
            events.append(OTLPSpanEvent(
                name: event["name"]?.stringValue ?? "", timeUnixNano: try nanos(event["timeUnixNano"], at: "\(path).events[\(index)].timeUnixNano"),
                attributes: try attributes(event["attributes"], at: "\(path).events[\(index)].attributes")
            ))
        }
        return OTLPSpan(
            traceId: try OTLPIds.hex(span["traceId"]?.stringValue, bytes: 16, at: "\(path).traceId"),
            spanId: try OTLPIds.hex(span["spanId"]?.stringValue, bytes: 8, at: "\(path).spanId"),
            parentSpanId: parent.isEmpty ? nil : try OTLPIds.hex(parent, bytes: 8, at: "\(path).parentSpanId"),
            name: span["name"]?.stringValue ?? "",
            startTimeUnixNano: try nanos(span["startTimeUnixNano"], at: "\(path).startTimeUnixNano"),
            endTimeUnixNano: try nanos(span["endTimeUnixNano"], at: "\(path).endTimeUnixNano"),
            attributes: try attributes(span["attributes"], at: "\(path).attributes"),
            statusCode: statusCode(span["status"]?["code"]), statusMessage: span["status"]?["message"]?.stringValue,
            events: events, resource: resource, scope: scope
        )
    }

    /// A list field: absent or null is empty; anything but an array refuses the export.
    private static func array(_ value: JSONValue?, at path: String) throws(OTLPDecodingError) -> [JSONValue] {
        switch value {
        case nil, .null?: return []
        case .array(let items)?: return items
        case let other?: throw OTLPDecodingError("\(path): expected an array, got \(other.kindDescription)")
        }
    }

    private static func attributes(_ value: JSONValue?, at path: String) throws(OTLPDecodingError) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for (index, pair) in try array(value, at: path).enumerated() {
            guard let key = pair["key"]?.stringValue else {
                throw OTLPDecodingError("\(path)[\(index)].key: expected a string")
            }
            result[key] = anyValue(pair["value"])
        }
        return result
    }

    /// An OTLP `AnyValue` as Langfuse converts it: native JSON where JSON has the type, 64-bit
    /// integers as numbers while exact (else their decimal text), key-value lists and bytes as text.
    static func anyValue(_ value: JSONValue?) -> JSONValue {
        guard case .object(let members)? = value, let (kind, inner) = members.first(where: { $0.value != .null }) else { return .null }
        switch kind {
        case "stringValue", "boolValue", "doubleValue": return inner
        case "intValue":
            if case .string(let text) = inner, let integer = Int64(text) { return OTLPIds.exactNumber(integer) }
            return inner
        case "arrayValue": return .array((inner["values"]?.arrayValue ?? []).map { anyValue($0) })
        case "kvlistValue":
            var object: [String: JSONValue] = [:]
            for pair in inner["values"]?.arrayValue ?? [] {
                if let key = pair["key"]?.stringValue { object[key] = anyValue(pair["value"]) }
            }
            return .string(JSONValue.object(object).jsonText)
        case "bytesValue": return inner
        default: return .string(inner.jsonText)
        }
    }

    /// Nanoseconds since the epoch: a decimal string, a number, or `{high, low}` (Long.js); 0
    /// and absent mean "not given".
    private static func nanos(_ value: JSONValue?, at path: String) throws(OTLPDecodingError) -> UInt64? {
        let nanos: UInt64?
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: nanos = UInt64(text)
        case .number(let number)?: nanos = number >= 0 && number < 1.8e19 ? UInt64(number) : nil
        case .object(let members)?:
            guard let high = members["high"]?.numberValue, let low = members["low"]?.numberValue,
                  let high32 = UInt32(exactly: high), let low32 = UInt32(exactly: low < 0 ? low + 4_294_967_296 : low)
            else { nanos = nil; break }
            nanos = UInt64(high32) << 32 | UInt64(low32)
        default: nanos = nil
        }
        guard let nanos else { throw OTLPDecodingError("\(path): expected nanoseconds since the epoch, got \(value?.jsonText.prefix(40) ?? "")") }
        return nanos == 0 ? nil : nanos
    }

    private static func statusCode(_ value: JSONValue?) -> Int {
        switch value {
        case .number(let code)?: return Int(code)
        case .string("STATUS_CODE_OK")?: return 1
        case .string("STATUS_CODE_ERROR")?: return 2
        default: return 0
        }
    }
}

/// Trace and span ids in the form Langfarm stores: lower-case hex, as OTel prints them.
public enum OTLPIds {
    /// Hex of `bytes` bytes, from hex or base64 text. All-zero ids are invalid in OTel.
    public static func hex(_ text: String?, bytes: Int, at path: String) throws(OTLPDecodingError) -> String {
        guard let text, !text.isEmpty else { throw OTLPDecodingError("\(path): is required") }
        let lowered = text.lowercased()
        if lowered.count == bytes * 2, lowered.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) {
            guard lowered.utf8.contains(where: { $0 != 48 }) else { throw OTLPDecodingError("\(path): an all-zero id is invalid") }
            return lowered
        }
        if let data = Data(base64Encoded: text), data.count == bytes {
            return try hex(Array(data), bytes: bytes, at: path)
        }
        throw OTLPDecodingError("\(path): expected \(bytes * 2) hex digits, got '\(text.prefix(64))'")
    }

    /// Hex of raw id bytes (protobuf), checked for length and all-zero.
    public static func hex(_ raw: [UInt8], bytes: Int, at path: String) throws(OTLPDecodingError) -> String {
        guard raw.count == bytes else { throw OTLPDecodingError("\(path): expected \(bytes) bytes, got \(raw.count)") }
        guard raw.contains(where: { $0 != 0 }) else { throw OTLPDecodingError("\(path): an all-zero id is invalid") }
        return raw.hexString
    }

    /// An integer attribute as a JSON number while a double holds it exactly, else its text.
    public static func exactNumber(_ integer: Int64) -> JSONValue {
        integer.magnitude <= 1 << 53 ? .number(Double(integer)) : .string(String(integer))
    }
}
