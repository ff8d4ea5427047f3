import LangfarmCore

/// Input and output as the UI shows them: a one-line preview in tables, indented JSON in detail.
enum Preview {
    /// A string as itself, anything else as JSON, cut to `limit` characters.
    static func text(_ value: JSONValue?, limit: Int = 160) -> String {
        guard let value else { return "" }
        let text = value.stringValue ?? value.jsonText
        return text.count > limit ? String(text.prefix(limit)) + "…" : text
    }

    /// Indented JSON with sorted keys (a string is shown as itself).
    static func detail(_ value: JSONValue) -> String {
        if let string = value.stringValue { return string }
        var text = ""
        indented(value, depth: 0, into: &text)
        return text
    }

    private static func indented(_ value: JSONValue, depth: Int, into text: inout String) {
        let inner = String(repeating: "  ", count: depth + 1)
        switch value {
        case .array(let items) where !items.isEmpty:
            text += "[\n"
            for (index, item) in items.enumerated() {
                text += inner
                indented(item, depth: depth + 1, into: &text)
                text += index == items.count - 1 ? "\n" : ",\n"
            }
            text += String(repeating: "  ", count: depth) + "]"
        case .object(let members) where !members.isEmpty:
            text += "{\n"
            for (index, key) in members.keys.sorted().enumerated() {
                text += inner + JSONValue.string(key).jsonText + ": "
                indented(members[key]!, depth: depth + 1, into: &text)
                text += index == members.count - 1 ? "\n" : ",\n"
            }
            text += String(repeating: "  ", count: depth) + "}"
        default:
            text += value.jsonText
        }
    }
}
