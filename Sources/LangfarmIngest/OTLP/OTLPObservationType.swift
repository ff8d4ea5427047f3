import LangfarmCore

/// The Langfuse observation type of a span (compat §3), by the first convention that names one:
/// Langfuse's own attribute, OpenInference's span kind, the GenAI operation name, tool
/// attributes, the Vercel AI SDK operation, and finally "a model is named, so it is a
/// generation". Everything else is a span.
enum OTLPObservationType {
    static let langfuseTypes: Set<String> = [
        "SPAN", "GENERATION", "EVENT", "EMBEDDING", "AGENT", "TOOL", "CHAIN", "RETRIEVER", "GUARDRAIL", "EVALUATOR",
    ]

    static func of(_ attributes: OTLPAttributes, hasModel: Bool) -> String {
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
        if attributes.string("gen_ai.tool.name", "gen_ai.tool.call.id") != nil { return "TOOL" }
        if let operation = attributes.string("ai.operationId"), let type = vercelOperation(operation) { return type }
        return hasModel ? "GENERATION" : "SPAN"
    }

    private static let genAIOperations: [String: String] = [
        "chat": "GENERATION", "completion": "GENERATION", "text_completion": "GENERATION",
        "generate_content": "GENERATION", "generate": "GENERATION", "embeddings": "EMBEDDING",
        "invoke_agent": "AGENT", "create_agent": "AGENT", "execute_tool": "TOOL",
    ]

    /// Vercel AI SDK operation ids: `ai.generateText.doGenerate`, `ai.streamText.doStream`, …
    private static func vercelOperation(_ operation: String) -> String? {
        if operation.hasSuffix(".doGenerate") || operation.hasSuffix(".doStream") { return "GENERATION" }
        if operation.hasPrefix("ai.embed") { return "EMBEDDING" }
        if operation == "ai.toolCall" { return "TOOL" }
        return nil
    }
}
