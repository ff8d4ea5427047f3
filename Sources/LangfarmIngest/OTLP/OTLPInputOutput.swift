import LangfarmCore

/// A span's input and output (compat §3), from the first convention that carries them:
/// Langfuse's attributes; then common framework keys (OpenInference `input.value`, Traceloop,
/// MLflow, the Vercel AI SDK, plain `input`/`output`); then flattened message lists
/// (`gen_ai.prompt.0.role`, `llm.input_messages.0.message.content`) rebuilt as objects; then the
/// GenAI conventions' `gen_ai.input.messages`/`gen_ai.output.messages` (system instructions
/// first); then tool-call arguments and results; finally GenAI span events.
enum OTLPInputOutput {
    static func input(_ attributes: OTLPAttributes, events: [OTLPSpanEvent]) -> JSONValue? {
        attributes.json(
            "langfuse.observation.input", "input.value", "traceloop.entity.input", "mlflow.spanInputs",
            "ai.prompt.messages", "ai.prompt", "ai.toolCall.args", "input"
        )
        ?? flattened(attributes, prefixes: ["gen_ai.prompt.", "llm.input_messages."])
        ?? genAIMessages(attributes)
        ?? attributes.json("gen_ai.tool.call.arguments")
        ?? eventMessages(events, names: ["gen_ai.system.message", "gen_ai.user.message", "gen_ai.assistant.message", "gen_ai.tool.message"])
    }

    static func output(_ attributes: OTLPAttributes, events: [OTLPSpanEvent]) -> JSONValue? {
        attributes.json(
            "langfuse.observation.output", "output.value", "traceloop.entity.output", "mlflow.spanOutputs",
            "ai.response.text", "ai.response.object", "ai.response.toolCalls", "ai.toolCall.result", "output"
        )
        ?? flattened(attributes, prefixes: ["gen_ai.completion.", "llm.output_messages."])
        ?? attributes.json("gen_ai.output.messages")
        ?? attributes.json("gen_ai.tool.call.result")
        ?? eventMessages(events, names: ["gen_ai.choice"])
    }

    /// `gen_ai.input.messages`, with `gen_ai.system_instructions` as a leading system message.
    private static func genAIMessages(_ attributes: OTLPAttributes) -> JSONValue? {
        let messages = attributes.json("gen_ai.input.messages")
        guard let instructions = attributes.json("gen_ai.system_instructions") else { return messages }
        let system: JSONValue = .object(["role": .string("system"), "parts": instructions])
        guard case .array(let items)? = messages else { return messages ?? .array([system]) }
        return .array([system] + items)
    }

    /// Flattened attributes under the first prefix that has any, rebuilt as nested arrays and
    /// objects (`0.role` → `[{"role": …}]`).
    private static func flattened(_ attributes: OTLPAttributes, prefixes: [String]) -> JSONValue? {
        for prefix in prefixes {
            let entries = attributes.withPrefix(prefix)
            if !entries.isEmpty { return Unflatten.build(entries) }
        }
        return nil
    }

    /// GenAI span events (older conventions): each event's attributes, in time order.
    private static func eventMessages(_ events: [OTLPSpanEvent], names: Set<String>) -> JSONValue? {
        let messages = events.filter { names.contains($0.name) }.map { event -> JSONValue in
            var message = event.attributes.mapValues(OTLPAttributes.parsed)
            if message["role"] == nil, let role = event.name.split(separator: ".").last?.replacingOccurrences(of: "message", with: "") {
                message["role"] = role.isEmpty ? nil : .string(role)
            }
            return .object(message)
        }
        return messages.isEmpty ? nil : .array(messages)
    }
}

/// Rebuilds dotted keys into nested JSON: numeric components index arrays.
enum Unflatten {
    static let maxDepth = 32

    static func build(_ entries: [String: JSONValue]) -> JSONValue {
        var root: JSONValue = .object([:])
        for (key, value) in entries.sorted(by: { $0.key < $1.key }) {
            let path = key.split(separator: ".").map(String.init)
            // Real message lists nest a few levels; a key of thousands of dots is not one.
            guard path.count <= maxDepth else { continue }
            insert(value, at: path[...], into: &root)
        }
        return compact(root)
    }

    private static func insert(_ value: JSONValue, at path: ArraySlice<String>, into node: inout JSONValue) {
        guard let head = path.first else {
            node = value
            return
        }
        var members = node.objectValue ?? [:]
        var child = members[head] ?? .object([:])
        insert(value, at: path.dropFirst(), into: &child)
        members[head] = child
        node = .object(members)
    }

    /// Objects whose keys are all 0…n-1 become arrays.
    private static func compact(_ node: JSONValue) -> JSONValue {
        guard case .object(let members) = node else { return node }
        let children = members.mapValues(compact)
        let indexes = children.keys.compactMap(Int.init)
        if indexes.count == children.count, Set(indexes) == Set(0..<children.count) {
            return .array((0..<children.count).map { children[String($0)]! })
        }
        return .object(children)
    }
}
