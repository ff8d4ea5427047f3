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

    /// `{role, content}` with text content, or content parts whose text is joined.
    private static func chat(_ value: JSONValue) -> Message? {
        guard case .object(let fields) = value, let role = fields["role"]?.stringValue, let content = fields["content"] else { return nil }
        switch content {
        case .string(let text):
            return Message(role: role, text: text)
        case .array(let parts):
            let texts = parts.compactMap { $0["text"]?.stringValue ?? $0.stringValue }
            return Message(role: role, text: texts.isEmpty ? Preview.detail(content) : texts.joined(separator: "\n"))
        case .null:
            return Message(role: role, text: fields["tool_calls"].map(Preview.detail) ?? "")
        default:
            return Message(role: role, text: Preview.detail(content))
        }
    }
}
