import Foundation
import LangfarmCore

/// OTLP attribute values → JSON, as Langfuse converts them (compat §3) and as `OTLPJSONDecoder`
/// does for the same values in OTLP/JSON, made lossless where JSON cannot hold a value natively.
extension OTLPProtobufDecoder {
    /// Duplicate keys: the last one wins, as when JavaScript builds an object from the list.
    static func attributes(_ list: [OTLPKeyValue]) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        result.reserveCapacity(list.count)
        for pair in list {
            result[pair.key] = json(pair.value)
        }
        return result
    }

    /// Key-value lists become the JSON text of an object, as Langfuse stringifies anything that
    /// is not a scalar or an array. Recursion is bounded by `messageDepthLimit`.
    static func json(_ value: OTLPAnyValue) -> JSONValue {
        switch value.value {
        case .stringValue(let text): return .string(text)
        case .boolValue(let flag): return .bool(flag)
        case .intValue(let integer): return OTLPIds.exactNumber(integer)
        case .doubleValue(let number): return number.isFinite ? .number(number) : .string(text(of: number))
        case .arrayValue(let array): return .array(array.values.map(json))
        case .kvlistValue(let list): return .string(JSONValue.object(attributes(list.values)).jsonText)
        case .bytesValue(let bytes): return .string(bytes.base64EncodedString())
        // An index into the string table of OTLP profiles; trace exports have no such table.
        case .stringValueStrindex, nil: return .null
        }
    }

    /// JSON has no NaN or Infinity: keep them as the text JavaScript and Python's json print.
    private static func text(of nonFinite: Double) -> String {
        nonFinite.isNaN ? "NaN" : (nonFinite > 0 ? "Infinity" : "-Infinity")
    }
}
