/// The value types a lake message field can have: the one vocabulary that the encoder, the JSON
/// Schemas and the Flink table columns are all generated from, so the three cannot disagree.
///
/// Each type names both how the value is written in the Kafka message and the column type Flink
/// reads it into (see `FlinkSQLGenerator` and `JSONSchemaGenerator` for the two mappings).
public enum LakeFieldType: String, Sendable, Hashable, CaseIterable {
    /// Plain text.
    case string
    /// A JSON document (`input`, `output`, `metadata`, `modelParameters`) carried as its compact
    /// JSON text in a string, as the original langfarm did: its Flink tables read them as `STRING`.
    case jsonText
    /// An instant as ISO-8601 UTC with milliseconds and an uppercase `Z`
    /// (`2026-11-25T10:00:00.123Z`): the only shape Flink's `TIMESTAMP_LTZ` accepts with
    /// `'json.timestamp-format.standard' = 'ISO-8601'`.
    case timestamp
    /// Money and prices: a JSON number written from `Decimal` text (never through `Double`,
    /// never with an exponent), read as `DECIMAL(38, 12)`.
    case decimal
    /// A whole number, read as `BIGINT`.
    case integer
    /// A binary floating-point number (score values, which Langfuse keeps as `Float64`).
    case double
    case boolean
    /// A JSON array of strings (trace tags).
    case stringArray
    /// A JSON object of whole numbers (usage details: `{"input": 10, "output": 20}`).
    case integerMap
    /// A JSON object of decimals (cost details: `{"input": 0.000003}`).
    case decimalMap
}
