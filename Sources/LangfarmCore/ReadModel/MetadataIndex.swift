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
            guard let text = text(of: value), text.utf8.count <= maxIndexedLength, key.utf8.count <= maxIndexedLength else { return nil }
            return (key, text)
        }
    }
}
