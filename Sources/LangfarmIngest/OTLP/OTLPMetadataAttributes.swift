import LangfarmCore

/// The span attributes Langfuse keeps under an observation's `metadata.attributes` for spans
/// that are not from its own SDKs (`extractInputAndOutput` in OtelIngestionProcessor.ts;
/// docs/LANGFUSE-OTEL.md): all but the keys any framework's input or output is read from and
/// the metadata attributes already spread into the metadata, each non-string value as its JSON
/// text. So an OpenInference span's `input.value` or OpenLLMetry's `gen_ai.input.messages` is
/// stored once, as the input, not again in the metadata.
enum OTLPMetadataAttributes {
    static let inputOutputKeys: Set<String> = [
        "langfuse.trace.input", "langfuse.trace.output", "langfuse.observation.input", "langfuse.observation.output",
        "ai.prompt.messages", "ai.prompt", "ai.toolCall.args", "ai.response.text", "ai.result.text", "ai.toolCall.result",
        "ai.response.object", "ai.result.object", "ai.response.toolCalls", "ai.result.toolCalls",
        "gcp.vertex.agent.llm_request", "gcp.vertex.agent.llm_response", "gcp.vertex.agent.tool_call_args",
        "gcp.vertex.agent.tool_response",
        "prompt", "all_messages_events", "events",
        "lk.input_text", "lk.user_transcript", "lk.chat_ctx", "lk.user_input", "lk.function_tool.output", "lk.response.text",
        "mlflow.spanInputs", "mlflow.spanOutputs", "traceloop.entity.input", "traceloop.entity.output",
        "input.value", "output.value", "final_result", "pydantic_ai.all_messages", "gen_ai.system_instructions",
        "input", "output", "gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.tool.call.arguments",
        "gen_ai.tool.call.result", "genkit:input", "genkit:output",
        "flue.turn.input", "flue.turn.output", "flue.tool.arguments", "flue.tool.result", "flue.task.prompt",
        "flue.task.result", "flue.operation.result", "flue.workflow.payload", "flue.workflow.result",
    ]
    /// Flattened message lists (read as input or output) and metadata attributes.
    static let consumedPrefixes = [
        "gen_ai.prompt", "gen_ai.completion", "llm.input_messages", "llm.output_messages",
        "langfuse.trace.metadata", "langfuse.observation.metadata", "ai.telemetry.metadata",
    ]

    static func kept(_ attributes: [String: JSONValue]) -> [String: JSONValue] {
        attributes
            .filter { key, _ in !inputOutputKeys.contains(key) && !consumedPrefixes.contains { key.hasPrefix($0) } }
            .mapValues { value in
                if case .string = value { return value }
                return .string(value.jsonText)
            }
    }
}
