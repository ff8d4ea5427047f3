import LangfarmCore

/// An input, output or metadata block of a trace or observation, as messages (`Message`), cut
/// to a limit with a link to all of it: a 5 MB input would otherwise make a 5 MB page that the
/// browser lays out at once.
struct BodySection {
    let title: String
    let messages: [Message]
    /// Set when the text was cut (`Message.cut`): what was left out, with a link to all of it.
    let cutNote: String?
    let fullHref: String?

    /// The sections that have content; `limit` is in UTF-8 bytes of text (nil: all of it).
    static func sections(
        input: JSONValue?, output: JSONValue?, metadata: [String: JSONValue], limit: Int?, fullHref: String
    ) -> [BodySection] {
        let parts: [(String, JSONValue?)] = [("Input", input), ("Output", output), ("Metadata", metadata.isEmpty ? nil : .object(metadata))]
        return parts.compactMap { title, value in
            guard let value else { return nil }
            let messages = Message.messages(value)
            let shown = limit.map { Message.cut(messages, to: $0) } ?? messages
            let total = messages.reduce(0) { $0 + $1.text.utf8.count }
            let cut = shown.reduce(0) { $0 + $1.text.utf8.count } < total
            return BodySection(
                title: title, messages: shown,
                cutNote: cut ? "Showing the first \(Format.integer(Double(limit ?? 0) / 1000)) KB of \(Format.integer(Double(total) / 1000)) KB." : nil,
                fullHref: cut ? fullHref : nil
            )
        }
    }
}
