/// One field of a lake message as the generators see it: its name, type, whether it may be
/// `null`, and a one-line description that ends up in the JSON Schema and the Flink DDL.
///
/// The encoder's half of a field (how to read it from a row) lives in `LakeField`; this is the
/// part that needs no row, so the contract can be printed without any data.
public struct LakeColumn: Sendable, Hashable {
    public let name: String
    public let type: LakeFieldType
    /// Whether the message may carry `null`. Every field is always present; a nullable one is
    /// `null` when the row has no value.
    public let nullable: Bool
    public let description: String
    /// A regular expression a string value always matches (`dt`, `hh`, `row_kind`), for the
    /// JSON Schema; nil when any text is valid.
    public let pattern: String?

    public init(name: String, type: LakeFieldType, nullable: Bool, description: String, pattern: String? = nil) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.description = description
        self.pattern = pattern
    }
}
