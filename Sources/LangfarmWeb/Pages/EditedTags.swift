import Foundation
import Hummingbird

/// The trace page's tag editor's text: one tag per line, so that a tag may hold commas.
enum EditedTags {
    /// How many tags the editor takes, and how long each may be: bounds on what one form
    /// writes into every later list row and Kafka message of the trace.
    static let maxCount = 50
    static let maxLength = 200

    /// The tags, trimmed, blank lines skipped, each once; throws a 400 naming the problem.
    static func parse(_ text: String) throws -> [String] {
        var tags: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let tag = line.trimmingCharacters(in: .whitespaces)
            guard !tag.isEmpty, !tags.contains(tag) else { continue }
            guard tag.count <= maxLength else {
                throw HTTPError(.badRequest, message: "A tag may have at most \(maxLength) characters; “\(tag.prefix(40))…” has \(tag.count).")
            }
            guard !tag.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw HTTPError(.badRequest, message: "Tags cannot contain control characters.")
            }
            tags.append(tag)
        }
        guard tags.count <= maxCount else { throw HTTPError(.badRequest, message: "The editor takes at most \(maxCount) tags; \(tags.count) were sent.") }
        return tags
    }
}
