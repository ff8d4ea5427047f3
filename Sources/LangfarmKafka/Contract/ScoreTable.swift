import LangfarmCore

extension LakeTables {
    /// The `scores` topic (the original langfarm had none), named as Langfuse's `scores` table.
    static let scores = LakeTable<ScoreRow>(
        description: "Langfarm scores: the current merged row of every score.",
        fields: [
            .timestamp("timestamp", "The score's timestamp.") { $0.row.timestamp },
            .string("name", "The score name.") { $0.row.name },
            .double("value", "The numeric value (1 or 0 for booleans), null when the score has none.") { $0.row.value },
            .string("string_value", "The categorical or boolean value as text.") { $0.row.stringValue },
            .string("data_type", "NUMERIC, CATEGORICAL or BOOLEAN.") { $0.row.dataType },
            .string("source", "API, EVAL or ANNOTATION.") { $0.row.source },
            .string("comment", "The comment.") { $0.row.comment },
            .string("trace_id", "The scored trace.") { $0.row.traceId },
            .string("observation_id", "The scored observation.") { $0.row.observationId },
            .string("session_id", "The scored session.") { $0.row.sessionId },
            .string("dataset_run_id", "The scored dataset run.") { $0.row.datasetRunId },
            .jsonText("metadata", "Metadata as JSON text of an object.") { .object($0.row.metadata) },
            .string("config_id", "The score config the score follows.") { $0.row.configId },
            .string("queue_id", "The annotation queue the score came from.") { $0.row.queueId },
            .string("execution_trace_id", "The trace of the evaluator run that produced the score.") { $0.row.executionTraceId },
        ]
    )
}
