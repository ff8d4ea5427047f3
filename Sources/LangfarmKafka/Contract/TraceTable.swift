import LangfarmCore

extension LakeTables {
    /// The `traces` topic. It carries every column of the original langfarm's Flink source table
    /// except `external_id` (which Langfarm does not keep), under the same names, so that SQL
    /// keeps working; `tags` is a JSON array, which the original `tags STRING` column reads as
    /// the array's JSON text.
    static let traces = LakeTable<TraceRow>(
        description: "Langfarm traces: the current merged row of every trace.",
        fields: [
            .timestamp("timestamp", "The trace's timestamp as the client set it.") { $0.row.timestamp },
            .string("name", "The trace name.") { $0.row.name },
            .string("user_id", "The user the trace belongs to.") { $0.row.userId },
            .string("session_id", "The session the trace belongs to.") { $0.row.sessionId },
            .string("release", "The application release.") { $0.row.release },
            .string("version", "The application version.") { $0.row.version },
            .boolean("public", "Whether the trace is shared publicly.") { $0.row.isPublic },
            .boolean("bookmarked", "Whether the trace is bookmarked.") { $0.row.bookmarked },
            .stringArray("tags", "The trace's tags.") { $0.row.tags },
            .jsonText("metadata", "Metadata as JSON text of an object.") { .object($0.row.metadata) },
            .jsonText("input", "The input as JSON text.") { $0.row.input },
            .jsonText("output", "The output as JSON text.") { $0.row.output },
        ]
    )
}
