import LangfarmCore

/// Input and output as a person reads them: chat messages (`[{role, content}]`, or one such
/// object) as role and text; anything else as one block of indented JSON.
struct Message: Sendable {
    let role: String
    let text: String

    static func messages(_ value: JSONValue?) -> [Message] {
        guard let value else { return [] }
        if let message = chat(value) { return [message] }
        if case .array(let items) = value, !items.isEmpty {
            let chats = items.compactMap(chat)
            if chats.count == items.count { return chats }
        }
        return [Message(role: "", text: Preview.detail(value))]
    }

    /// The messages up to `limit` bytes of text in all, the last one cut at a character boundary.
    static func cut(_ messages: [Message], to limit: Int) -> [Message] {
        var left = limit
        var kept: [Message] = []
        for message in messages {
            guard left > 0 else { break }
            if message.text.utf8.count <= left {
                kept.append(message)
                left -= message.text.utf8.count
            } else {
                kept.append(Message(role: message.role, text: Self.prefix(message.text, bytes: left)))
                left = 0
            }
        }
        return kept
    }

    /// The longest prefix of `text` of at most `bytes` UTF-8 bytes that ends between characters' scalars.
    private static func prefix(_ text: String, bytes: Int) -> String {
        var used = 0
        var end = text.unicodeScalars.startIndex
        for scalar in text.unicodeScalars {
            used += UTF8.width(scalar)
            if used > bytes { break }
            end = text.unicodeScalars.index(after: end)
        }
        return String(text.unicodeScalars[..<end])
    }

    /// `{role, content}` with text content, or content parts whose text is joined; the
    /// message's tool calls follow as `→ name(arguments)` lines.
    private static func chat(_ value: JSONValue) -> Message? {
        guard case .object(let fields) = value, let role = fields["role"]?.stringValue, let content = fields["content"] else { return nil }
        let text: String
        switch content {
        case .string(let string):
            text = string
        case .array(let parts):
            let texts = parts.compactMap { $0["text"]?.stringValue ?? $0.stringValue }
            text = texts.isEmpty ? Preview.detail(content) : texts.joined(separator: "\n")
        case .null:
            text = ""
        default:
            text = Preview.detail(content)
        }
        let calls = (fields["tool_calls"]?.arrayValue ?? []).map(toolCall)
        return Message(role: role, text: ([text].filter { !$0.isEmpty } + calls).joined(separator: "\n"))
    }

    /// An OpenAI-style tool call (`{function: {name, arguments}}`) as `→ name(arguments)`;
    /// anything else as JSON.
    private static func toolCall(_ call: JSONValue) -> String {
        let function = call["function"] ?? call
        guard let name = function["name"]?.stringValue else { return "→ " + Preview.detail(call) }
        let arguments = function["arguments"].map { $0.stringValue ?? $0.jsonText } ?? ""
        return "→ \(name)(\(arguments))"
    }
}
