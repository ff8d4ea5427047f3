import Foundation
import LangfarmCore

/// How every store keeps a row's JSON-valued fields: as JSON text, in one shape, so that a row
/// reads back the same whichever store wrote it (and `langfarm migrate` copies it unchanged).
public enum StoredJSON {
    public static func value(_ text: String?) -> JSONValue? {
        text.flatMap(JSONValue.parseStored)
    }

    /// A list of tags: a JSON array.
    public static func tagsText(_ tags: [String]) -> String {
        JSONValue.array(tags.map(JSONValue.string)).jsonText
    }

    public static func tags(_ text: String?) -> [String] {
        (value(text)?.arrayValue ?? []).compactMap(\.stringValue)
    }

    public static func objectText(_ object: [String: JSONValue]) -> String {
        JSONValue.object(object).jsonText
    }

    public static func object(_ text: String?) -> [String: JSONValue] {
        value(text)?.objectValue ?? [:]
    }

    public static func numberMapText(_ map: [String: Double]) -> String {
        JSONValue.object(map.mapValues(JSONValue.number)).jsonText
    }

    public static func numberMap(_ text: String?) -> [String: Double] {
        object(text).compactMapValues(\.numberValue)
    }

    /// Costs are kept as decimal strings inside the JSON object, so they read back exactly.
    public static func decimalMapText(_ map: [String: Decimal]) -> String {
        JSONValue.object(map.mapValues { .string($0.decimalText) }).jsonText
    }

    /// Reads decimal strings, and the plain numbers rows held before costs became decimals.
    public static func decimalMap(_ text: String?) -> [String: Decimal] {
        object(text).compactMapValues { value in
            switch value {
            case .string(let text): return Decimal(decimalText: text)
            case .number(let number): return Decimal(jsonNumber: number)
            default: return nil
            }
        }
    }
}
