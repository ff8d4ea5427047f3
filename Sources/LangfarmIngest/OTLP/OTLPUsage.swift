import LangfarmCore

/// Usage and cost of a span (compat §3): Langfuse's own JSON attributes first, else the GenAI
/// semantic conventions (`gen_ai.usage.*`) and OpenInference (`llm.token_count.*`), read as
/// Langfuse's OTel processor reads them (`extractGenericGenAiUsageDetails` in
/// OtelIngestionProcessor.ts; docs/LANGFUSE-OTEL.md): the first key of each list below is the
/// count, input and output are stored net of their cache, reasoning and audio parts, and every
/// other key is kept, without a `details.` prefix.
enum OTLPUsage {
    static let inputKeys = ["prompt_tokens", "input_tokens", "prompt"]
    static let outputKeys = ["completion_tokens", "output_tokens", "completion"]
    static let totalKeys = ["total_tokens", "total"]
    /// OpenLLMetry sends `cache_read.input_tokens`, OpenInference `prompt_details.cache_read`.
    static let cacheReadKeys = [
        "cache_read.input_tokens", "cache_read_input_tokens", "cache_read_tokens", "details.cache_read_tokens",
        "details.cache_read_input_tokens", "prompt_details.cache_read", "input_cached_tokens",
    ]
    static let cacheCreationKeys = [
        "cache_creation.input_tokens", "cache_creation_input_tokens", "cache_write_tokens", "details.cache_write_tokens",
        "details.cache_creation_input_tokens", "prompt_details.cache_write", "input_cache_creation",
    ]
    /// Only these name the reasoning part of the output: a plain `reasoning_tokens` (as
    /// OpenLLMetry sends it) is kept under its own name and not subtracted, as in Langfuse.
    static let reasoningKeys = ["reasoning.output_tokens", "completion_details.reasoning"]
    static let audioKeys = ["completion_details.audio"]
    static let consumedKeys = Set(
        inputKeys + outputKeys + totalKeys + cacheReadKeys + cacheCreationKeys + reasoningKeys + audioKeys
    )

    static func details(_ attributes: OTLPAttributes) -> JSONValue? {
        if let details = attributes.json("langfuse.observation.usage_details"), case .object = details { return details }
        var raw = attributes.withPrefix("gen_ai.usage.")
        raw["cost"] = nil
        for (key, value) in attributes.withPrefix("llm.token_count.") { raw[key] = value }
        let counts = raw.compactMapValues(\.numberValue)
        guard !counts.isEmpty else { return nil }
        func first(_ keys: [String]) -> Double? { keys.lazy.compactMap { counts[$0] }.first }

        let cacheRead = first(cacheReadKeys)
        let cacheCreation = first(cacheCreationKeys)
        let reasoning = first(reasoningKeys)
        let audio = first(audioKeys)
        var usage: [String: JSONValue] = [:]
        for (key, count) in counts.sorted(by: { $0.key < $1.key }) where !consumedKeys.contains(key) {
            usage[key.hasPrefix("details.") ? String(key.dropFirst("details.".count)) : key] = .number(count)
        }
        if let input = first(inputKeys) {
            usage["input"] = .number(max(0, input - (cacheRead ?? 0) - (cacheCreation ?? 0)))
        }
        if let output = first(outputKeys) {
            usage["output"] = .number(max(0, output - (reasoning ?? 0) - (audio ?? 0)))
        }
        if let total = first(totalKeys) { usage["total"] = .number(total) }
        if let cacheRead { usage["input_cached_tokens"] = .number(cacheRead) }
        if let cacheCreation { usage["input_cache_creation"] = .number(cacheCreation) }
        if let reasoning { usage["output_reasoning_tokens"] = .number(reasoning) }
        if let audio { usage["output_audio_tokens"] = .number(audio) }
        return usage.isEmpty ? nil : .object(usage)
    }

    static func cost(_ attributes: OTLPAttributes) -> JSONValue? {
        if let details = attributes.json("langfuse.observation.cost_details"), case .object = details { return details }
        if let total = attributes.json("gen_ai.usage.cost", "llm.cost.total"), case .number = total {
            return .object(["total": total])
        }
        return nil
    }
}
