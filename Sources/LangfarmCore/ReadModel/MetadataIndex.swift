/// The text form of a metadata value that `metadata.key = value` filters compare with, as
/// Langfuse keeps metadata: a map of top-level keys to strings, where a string stays itself,
/// numbers and booleans are written as JSON writes them, and objects and arrays as JSON text.
public enum MetadataIndex {
    /// Values longer than this are not put in the lookup table (a filter on them reads the row).
    public static let maxIndexedLength = 1_000

    /// The text of `value`; nil for `null`, which no string filter matches.
    public static func text(of value: JSONValue) -> String? {
        switch value {
        case .null: nil
        case .string(let text): text
        case .bool, .number, .array, .object: value.jsonText
        }
    }

    /// The (key, text) pairs of a metadata object that go into the lookup table.
    public static func entries(_ metadata: [String: JSONValue]) -> [(key: String, value: String)] {
        metadata.compactMap { key, value in
            guard let text = text(of: value), isIndexed(key: key, value: text) else { return nil }
            return (key, text)
        }
    }

    /// Whether the lookup table holds a (key, text) pair: what decides if an equality filter
    /// may use it.
    public static func isIndexed(key: String, value: String) -> Bool {
        key.utf8.count <= maxIndexedLength && value.utf8.count <= maxIndexedLength
    }
}
