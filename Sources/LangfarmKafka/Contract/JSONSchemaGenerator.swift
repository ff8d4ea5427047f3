/// A JSON Schema (draft 2020-12) of one topic's messages, generated from its definition.
///
/// It states exactly what the encoder writes: every field is required (a nullable one is sent
/// as `null`), no other field is allowed, timestamps have the one shape Flink reads. Consumers
/// other than the shipped Flink jobs can validate against it, and the tests validate every
/// message they produce.
enum JSONSchemaGenerator {
    /// `^yyyy-MM-ddTHH:mm:ss.SSSZ$`.
    static let timestampPattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$"

    static func schema(topic: String, description: String, key: String, columns: [LakeColumn]) -> PrettyJSON {
        .object([
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("title", .string("Langfarm lake message: \(topic)")),
            ("description", .string("\(description) Kafka topic `\(topic)` (behind the configured prefix), keyed by \(key).")),
            ("type", .string("object")),
            ("required", .array(columns.map { .string($0.name) })),
            ("additionalProperties", .boolean(false)),
            ("properties", .object(columns.map { ($0.name, property($0)) })),
        ])
    }

    private static func property(_ column: LakeColumn) -> PrettyJSON {
        var members: [(String, PrettyJSON)] = [("description", .string(column.description))]
        let type = jsonType(column.type)
        members.append(("type", column.nullable ? .array([.string(type), .string("null")]) : .string(type)))
        switch column.type {
        case .timestamp:
            members.append(("format", .string("date-time")))
            members.append(("pattern", .string(timestampPattern)))
        case .jsonText:
            members.append(("contentMediaType", .string("application/json")))
        case .stringArray:
            members.append(("items", .object([("type", .string("string"))])))
        case .integerMap:
            members.append(("additionalProperties", .object([("type", .string("integer"))])))
        case .decimalMap:
            members.append(("additionalProperties", .object([("type", .string("number"))])))
        case .string, .decimal, .integer, .double, .boolean:
            break
        }
        if let pattern = column.pattern {
            members.append(("pattern", .string(pattern)))
        }
        return .object(members)
    }

    private static func jsonType(_ type: LakeFieldType) -> String {
        switch type {
        case .string, .jsonText, .timestamp: "string"
        case .decimal, .double: "number"
        case .integer: "integer"
        case .boolean: "boolean"
        case .stringArray: "array"
        case .integerMap, .decimalMap: "object"
        }
    }
}
