import LangfarmCore

/// The Langfuse observation type of a span (compat §3), by the first convention that names one,
/// in the order of Langfuse's ObservationTypeMapper.ts: Langfuse's own attribute, OpenInference's
/// span kind, the GenAI operation name, the Vercel AI SDK operation, GenAI tool attributes, and
/// finally "a model is named, so it is a generation". Everything else is a span.
enum OTLPObservationType {
    static let langfuseTypes: Set<String> = [
        "SPAN", "GENERATION", "EVENT", "EMBEDDING", "AGENT", "TOOL", "CHAIN", "RETRIEVER", "GUARDRAIL", "EVALUATOR",
    ]

    static func of(_ attributes: OTLPAttributes) -> String {
        if let type = attributes.string("langfuse.observation.type")?.uppercased(), langfuseTypes.contains(type) {
            return type
        }
        if let kind = attributes.string("openinference.span.kind")?.uppercased() {
            if kind == "LLM" { return "GENERATION" }
            if langfuseTypes.contains(kind) { return kind }
        }
        if let operation = attributes.string("gen_ai.operation.name")?.lowercased(), let type = genAIOperations[operation] {
            return type
        }
        if let type = vercelOperation(attributes) { return type }
        if attributes.string("gen_ai.tool.name", "gen_ai.tool.call.id") != nil { return "TOOL" }
        return attributes.first(modelKeys) != nil ? "GENERATION" : "SPAN"
    }

    /// The keys of Langfuse's model-based fallback: fewer than the model lookup reads, so a span
    /// that names its model only by `ai.model.id` (the Vercel AI SDK's outer `ai.generateText`
    /// span) or `llm.response.model` stays a span.
    static let modelKeys = ["langfuse.observation.model.name", "gen_ai.request.model", "gen_ai.response.model", "llm.model_name", "model"]

    private static let genAIOperations: [String: String] = [
        "chat": "GENERATION", "completion": "GENERATION", "text_completion": "GENERATION",
        "generate_content": "GENERATION", "generate": "GENERATION", "embeddings": "EMBEDDING",
        "invoke_agent": "AGENT", "create_agent": "AGENT", "execute_tool": "TOOL",
    ]

    private static let vercelGenerations = [
        "ai.generateText.doGenerate", "ai.streamText.doStream", "ai.generateObject.doGenerate", "ai.streamObject.doStream",
    ]
    private static let vercelEmbeddings = ["ai.embedMany.doEmbed", "ai.embed.doEmbed"]
    private static let vercelModelKeys = ["langfuse.observation.model.name", "ai.model.id", "gen_ai.request.model", "gen_ai.response.model"]

    /// Vercel AI SDK operations, by `operation.name` (which may carry a function id after the
    /// operation) or `ai.operationId`: a model call that names its model is a generation or an
    /// embedding, a tool call is a tool; the outer operations decide nothing.
    private static func vercelOperation(_ attributes: OTLPAttributes) -> String? {
        func matches(_ operations: [String]) -> Bool {
            if let name = attributes.string("operation.name"), operations.contains(where: { name.hasPrefix($0) }) { return true }
            if let id = attributes.string("ai.operationId"), operations.contains(id) { return true }
            return false
        }
        if attributes.first(vercelModelKeys) != nil {
            if matches(vercelGenerations) { return "GENERATION" }
            if matches(vercelEmbeddings) { return "EMBEDDING" }
        }
        return matches(["ai.toolCall"]) ? "TOOL" : nil
    }
}
