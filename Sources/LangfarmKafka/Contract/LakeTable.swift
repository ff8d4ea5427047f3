import LangfarmCore

/// The definition of one topic and its lake table: the ordered fields of its messages.
///
/// Every table starts with the row's identity (`id`, `project_id`, `environment`) and ends with
/// the same lifecycle fields (partition time, `dt`/`hh`, deletion, version, row kind), so that
/// one Flink SQL shape and one set of Paimon options fit all three tables.
struct LakeTable<Row: LakeRow>: Sendable {
    let description: String
    let fields: [LakeField<LakeRecord<Row>>]

    init(description: String, fields specific: [LakeField<LakeRecord<Row>>]) {
        self.description = description
        fields = Self.identityFields + specific + Self.lifecycleFields
    }

    var columns: [LakeColumn] { fields.map(\.column) }

    /// The message value: a JSON object with every field, in definition order.
    func encode(_ record: LakeRecord<Row>) -> String {
        // Room for a typical generation (about 1.5 KB with 1 KB of input and output) without
        // growing the buffer.
        var writer = LakeJSONWriter(capacity: 4096)
        writer.append(UInt8(ascii: "{"))
        for (index, field) in fields.enumerated() {
            if index > 0 { writer.append(UInt8(ascii: ",")) }
            writer.append(field.key)
            field.write(record, &writer)
        }
        writer.append(UInt8(ascii: "}"))
        return writer.text
    }

    private static var identityFields: [LakeField<LakeRecord<Row>>] {
        [
            .string("id", "The id the client sent, never rewritten.") { $0.row.id },
            .string("project_id", "The project the row belongs to.") { $0.row.projectId },
            .string("environment", "The Langfuse environment (`default` unless the client named one).") { $0.row.environment },
        ]
    }

    private static var lifecycleFields: [LakeField<LakeRecord<Row>>] {
        [
            .timestamp(
                "created_at",
                "When the row's trace was first seen: the partition time, shared by a trace and everything attached to it."
            ) { $0.row.partition.createdAt },
            .timestamp("updated_at", "When the row last changed.") { $0.row.updatedAt },
            .string("dt", "Partition day: created_at's UTC date, yyyy-MM-dd.", pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$") {
                $0.row.partition.dt
            },
            .string("hh", "Partition hour: created_at's UTC hour, HH.", pattern: "^([01][0-9]|2[0-3])$") { $0.row.partition.hh },
            .boolean("is_deleted", "Whether this change deleted the row (the message then carries its last state).") {
                $0.isDeleted
            },
            .integer(
                "row_version",
                "The store's change sequence number: a higher version supersedes a lower one (the Paimon sequence.field)."
            ) { $0.version },
            .string(
                "row_kind",
                "+I for a live row, -D for a deleted one: the Paimon rowkind.field, so a delete removes the row from the lake.",
                pattern: "^(\\+I|-D)$"
            ) { $0.rowKind },
        ]
    }
}
