import LangfarmCore

/// Usage and cost of a span (compat §3): Langfuse's own JSON attributes first, else the GenAI
/// semantic conventions (`gen_ai.usage.*`) and OpenInference (`llm.token_count.*`), with input
/// and output net of their cached, cache-creation, reasoning and audio parts, as Langfuse keys
/// usage details.
enum OTLPUsage {
    static func details(_ attributes: OTLPAttributes) -> JSONValue? {
        if let details = attributes.json("langfuse.observation.usage_details"), case .object = details { return details }
        var raw = attributes.withPrefix("gen_ai.usage.")
        raw["cost"] = nil
        for (key, value) in attributes.withPrefix("llm.token_count.") { raw[key] = value }
        let counts = raw.compactMapValues(\.numberValue)
        guard !counts.isEmpty else { return nil }
        func first(_ keys: String...) -> Double? { keys.lazy.compactMap { counts[$0] }.first }

        let cacheRead = first("cache_read_input_tokens", "cached_tokens", "input_cached_tokens", "prompt_details.cache_read")
        let cacheCreation = first("cache_creation_input_tokens", "input_cache_creation", "prompt_details.cache_write")
        let reasoning = first("reasoning_tokens", "output_reasoning_tokens", "completion_details.reasoning")
        let audio = first("output_audio_tokens", "completion_details.audio")
        let consumed: Set<String> = [
            "prompt_tokens", "input_tokens", "prompt", "completion_tokens", "output_tokens", "completion", "total_tokens", "total",
            "cache_read_input_tokens", "cached_tokens", "input_cached_tokens", "prompt_details.cache_read",
            "cache_creation_input_tokens", "input_cache_creation", "prompt_details.cache_write",
            "reasoning_tokens", "output_reasoning_tokens", "completion_details.reasoning",
            "output_audio_tokens", "completion_details.audio",
        ]
        var usage: [String: JSONValue] = [:]
        for (key, count) in counts where !consumed.contains(key) { usage[key] = .number(count) }
        if let input = first("prompt_tokens", "input_tokens", "prompt") {
            usage["input"] = .number(max(0, input - (cacheRead ?? 0) - (cacheCreation ?? 0)))
        }
        if let output = first("completion_tokens", "output_tokens", "completion") {
            usage["output"] = .number(max(0, output - (reasoning ?? 0) - (audio ?? 0)))
        }
        if let total = first("total_tokens", "total") { usage["total"] = .number(total) }
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
