import LangfarmCore

/// The lake contract as text: what `langfarm contract` prints and what `deploy/` ships.
///
/// Everything here is generated from the definitions in `LakeTables`, the same ones the
/// `LakeMessageEncoder` writes messages from, so the contract cannot drift from the messages.
public enum LakeContract {
    /// The fields of a topic's messages, in order.
    public static func columns(of kind: EntityKind) -> [LakeColumn] {
        LakeTables.columns(of: kind)
    }

    /// The JSON Schema (draft 2020-12) of a topic's messages, pretty-printed in field order.
    /// Named after the topic's base name (`traces`, ...): the schema does not depend on the prefix.
    public static func jsonSchema(kind: EntityKind) -> String {
        JSONSchemaGenerator.schema(
            topic: LakeTopics.baseName(of: kind), description: LakeTables.description(of: kind),
            key: LakeTables.messageKey(of: kind), columns: columns(of: kind)
        ).text
    }

    /// The Flink SQL job that streams a topic (with the prefix of `topics`) into its Paimon table.
    public static func flinkSQL(kind: EntityKind, topics: LakeTopics = LakeTopics(), settings: FlinkJobSettings = FlinkJobSettings()) -> String {
        FlinkSQLGenerator.job(
            topic: topics.topic(for: kind), table: LakeTopics.baseName(of: kind), description: LakeTables.description(of: kind),
            columns: columns(of: kind), settings: settings
        )
    }

    /// The file names the generated texts are shipped under in `deploy/`.
    public static func flinkSQLFileName(kind: EntityKind) -> String { "\(LakeTopics.baseName(of: kind)).sql" }
    public static func jsonSchemaFileName(kind: EntityKind) -> String { "\(LakeTopics.baseName(of: kind)).schema.json" }
}
