/// Turns the usage and cost forms the SDKs send into Langfuse's `provided_usage_details` and
/// `provided_cost_details` maps.
///
/// Forms accepted: `usage` v1 (`input`/`output`/`total`/`unit` + `*Cost`), the OpenAI `usage`
/// form (`promptTokens`/`completionTokens`/`totalTokens`), and `usageDetails` as an OpenAI
/// Completions or Responses usage object or a plain `{key: count}` map.
enum UsageNormaliser {
    static let units: Set<String> = ["CHARACTERS", "TOKENS", "SECONDS", "MILLISECONDS", "IMAGES", "REQUESTS"]

    struct Result: Equatable {
        var usage: [String: Double] = [:]
        var cost: [String: Double] = [:]
    }

    static func normalise(_ body: BodyReader) throws(ValidationError) -> Result {
        var result = Result()
        let (usageV1, costV1) = try readUsage(body)
        let details = try readUsageDetails(body)

        result.usage = usageV1.merging(details) { $1 }
        if usageV1["total"] == nil, details.isEmpty {
            if let input = usageV1["input"], let output = usageV1["output"], input != 0, output != 0 {
                result.usage["total"] = input + output
            } else if let single = usageV1["input"] ?? usageV1["output"] {
                result.usage["total"] = single
            }
        }

        result.cost = costV1.merging(try readCostDetails(body)) { $1 }
        return result
    }

    /// `usage`: returns token counts keyed `input`/`output`/`total` and costs keyed the same way.
    private static func readUsage(_ body: BodyReader) throws(ValidationError) -> ([String: Double], [String: Double]) {
        guard case .value(let members) = try body.object("usage"), !members.isEmpty else { return ([:], [:]) }
        let usage = BodyReader(members, path: "\(body.path).usage")
        var counts: [String: Double] = [:]
        var costs: [String: Double] = [:]
        let isOpenAIForm = members["promptTokens"] != nil || members["completionTokens"] != nil || members["totalTokens"] != nil
        if isOpenAIForm {
            for (source, target) in [("promptTokens", "input"), ("completionTokens", "output"), ("totalTokens", "total")] {
                if case .value(let count) = try usage.integer(source) { counts[target] = Double(count) }
            }
            return (counts, [:])
        }
        for key in ["input", "output", "total"] {
            if case .value(let count) = try usage.integer(key) { counts[key] = Double(count) }
        }
        _ = try usage.enumeration("unit", allowed: units)
        for (source, target) in [("inputCost", "input"), ("outputCost", "output"), ("totalCost", "total")] {
            if case .value(let cost) = try usage.number(source) { costs[target] = try validCost(cost, at: "\(usage.path).\(source)") }
        }
        return (counts, costs)
    }

    private static func readUsageDetails(_ body: BodyReader) throws(ValidationError) -> [String: Double] {
        guard case .value(let members) = try body.object("usageDetails"), !members.isEmpty else { return [:] }
        let path = "\(body.path).usageDetails"
        if let openAI = try openAIUsage(members, path: path, input: "prompt_tokens", output: "completion_tokens") {
            return openAI
        }
        if let responses = try openAIUsage(members, path: path, input: "input_tokens", output: "output_tokens") {
            return responses
        }
        var counts: [String: Double] = [:]
        for (key, value) in members {
            switch value {
            case .null: continue
            case .number(let count) where count >= 0 && count < maxUnits && count == count.rounded():
                counts[key] = count
            case .string(let text) where Int64(text).map { $0 >= 0 && Double($0) < maxUnits } == true:
                counts[key] = Double(Int64(text)!)
            default:
                throw ValidationError("\(path).\(key): expected a non-negative integer below 10^15, got \(value.jsonText.prefix(40))")
            }
        }
        return counts
    }

    /// The OpenAI Completions (`prompt_tokens`…) or Responses (`input_tokens`…) usage object, with
    /// `*_details` entries split out of input/output as `input_<k>` / `output_<k>`.
    ///
    /// Only the whole shape counts, as in Langfuse's server (its strict zod schemas in
    /// `packages/shared/src/server/ingestion/types.ts`): input, output and `total_tokens` all
    /// numbers, and no key besides them and the two `*_details`. Anything less, such as
    /// `{prompt_tokens, completion_tokens}`, is a plain usage map stored as sent, whose missing
    /// `total` is later the sum of its keys. Langfuse's API spec (Fern) lists the plain map first
    /// in the `UsageDetails` union and says nothing of strictness; we follow the server. Both
    /// ingestion paths take this rule: Langfuse's worker parses every OTel observation through
    /// the same ingestion schema (docs/LANGFUSE-OTEL.md).
    private static func openAIUsage(
        _ members: [String: JSONValue], path: String, input: String, output: String
    ) throws(ValidationError) -> [String: Double]? {
        let inputDetails = input + "_details"
        let outputDetails = output + "_details"
        let allowed: Set<String> = [input, output, "total_tokens", inputDetails, outputDetails]
        let hasEveryCount = [input, output, "total_tokens"].allSatisfy { members[$0]?.numberValue != nil }
        guard hasEveryCount, members.keys.allSatisfy(allowed.contains) else { return nil }
        let reader = BodyReader(members, path: path)
        var counts: [String: Double] = [:]
        var inputCount = try reader.integer(input).value.map(Double.init)
        var outputCount = try reader.integer(output).value.map(Double.init)
        if case .value(let total) = try reader.integer("total_tokens") { counts["total"] = Double(total) }
        for (detailsKey, prefix) in [(inputDetails, "input"), (outputDetails, "output")] {
            guard case .value(let details) = try reader.object(detailsKey) else { continue }
            let detailsReader = BodyReader(details, path: "\(path).\(detailsKey)")
            for key in details.keys.sorted() {
                guard case .value(let count) = try detailsReader.integer(key) else { continue }
                counts["\(prefix)_\(key)"] = Double(count)
                if prefix == "input" {
                    inputCount = inputCount.map { max(0, $0 - Double(count)) }
                } else {
                    outputCount = outputCount.map { max(0, $0 - Double(count)) }
                }
            }
        }
        counts["input"] = inputCount
        counts["output"] = outputCount
        return counts
    }

    /// `costDetails`: USD amounts by usage type. Langfuse silently drops values that are not
    /// non-negative numbers; Langfarm refuses the event instead, so a client sending costs as
    /// strings learns why its costs are missing.
    private static func readCostDetails(_ body: BodyReader) throws(ValidationError) -> [String: Double] {
        guard case .value(let members) = try body.object("costDetails") else { return [:] }
        var costs: [String: Double] = [:]
        for (key, value) in members {
            switch value {
            case .null: continue
            case .number(let cost): costs[key] = try validCost(cost, at: "\(body.path).costDetails.\(key)")
            default: throw ValidationError("\(body.path).costDetails.\(key): expected a number of USD, got \(value.kindDescription)")
            }
        }
        return costs
    }

    /// Usage counts at or above this are refused: no request uses 10^15 units of anything.
    static let maxUnits = 1e15

    /// The largest cost accepted for one observation: anything above is a unit mistake.
    static let maxCost = 1e9

    private static func validCost(_ cost: Double, at path: String) throws(ValidationError) -> Double {
        guard cost >= 0, cost <= maxCost else {
            throw ValidationError("\(path): expected a cost from 0 to \(Int(maxCost)) USD, got \(cost)")
        }
        return cost
    }
}
