import LangfarmCore

/// Reading a span's attributes the way Langfuse's OTel processor does: the first key that holds
/// a usable value wins, and string values that hold JSON are read as that JSON (the SDKs
/// serialise inputs, outputs and metadata values to JSON strings).
struct OTLPAttributes {
    let values: [String: JSONValue]

    init(_ values: [String: JSONValue]) {
        self.values = values
    }

    /// The value of the first key present and not null or empty.
    func first(_ keys: [String]) -> JSONValue? {
        for key in keys {
            if let value = values[key], value.isPresent { return value }
        }
        return nil
    }

    func string(_ keys: String...) -> String? { string(keys) }

    /// The first value as text: strings as they are, numbers and booleans as their JSON text.
    func string(_ keys: [String]) -> String? {
        guard let value = first(keys) else { return nil }
        switch value {
        case .string(let text): return text
        case .number, .bool: return value.jsonText
        default: return nil
        }
    }

    /// The first value, with JSON text parsed (`"{\"a\":1}"` becomes an object, `"\"x\""` the
    /// string `x`); text that is not JSON stays text.
    func json(_ keys: String...) -> JSONValue? {
        first(keys).map(Self.parsed)
    }

    /// Values of all keys starting with `prefix`, keyed by the rest of the key, JSON text parsed.
    func withPrefix(_ prefix: String) -> [String: JSONValue] {
        unparsedValues(withPrefix: prefix).mapValues(Self.parsed)
    }

    /// Values of all keys starting with `prefix`, keyed by the rest of the key, as sent.
    func unparsedValues(withPrefix prefix: String) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for (key, value) in values where key.hasPrefix(prefix) && key.count > prefix.count {
            result[String(key.dropFirst(prefix.count))] = value
        }
        return result
    }

    func has(prefix: String) -> Bool {
        values.keys.contains { $0.hasPrefix(prefix) }
    }

    static func parsed(_ value: JSONValue) -> JSONValue {
        guard case .string(let text) = value, let first = text.utf8.first(where: { $0 != 32 }),
              first == UInt8(ascii: "{") || first == UInt8(ascii: "[") || first == UInt8(ascii: "\"")
                || text == "true" || text == "false" || text == "null" || Double(text) != nil,
              let parsed = JSONValue.parseStored(text)
        else { return value }
        return parsed
    }
}

extension JSONValue {
    /// Neither null nor an empty string, array or object: what "has a value" means for the
    /// first-key-wins lookups.
    var isPresent: Bool {
        switch self {
        case .null: return false
        case .string(let text): return !text.isEmpty
        case .array(let items): return !items.isEmpty
        case .object(let members): return !members.isEmpty
        default: return true
        }
    }
}
