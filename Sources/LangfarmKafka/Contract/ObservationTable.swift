import Foundation
import LangfarmCore

extension LakeTables {
    /// The `observations` topic: Langfuse's observation columns plus the original langfarm's
    /// (`model`, `modelParameters`, `prompt_tokens`/`completion_tokens`/`total_tokens`,
    /// `input_cost`/`output_cost`/`total_cost`, `calculated_*_cost`, `internal_model_id`) under
    /// their original names, derived from the usage and cost details, so the original Flink SQL
    /// keeps working. The original's `unit`, `prompt_id` and `internal_model` are left out:
    /// Langfarm does not keep them. Its misspelt `prompt_mame` is left out too: the original
    /// dropped that key before sending, so no table ever had data in it; `prompt_name` is sent.
    static let observations = LakeTable<ObservationRow>(
        description: "Langfarm observations (spans, generations, events, ...): the current merged row of every observation.",
        fields: [
            .string("trace_id", "The trace the observation belongs to.") { $0.row.traceId },
            .string("parent_observation_id", "The parent observation, null at the top of the trace.") { $0.row.parentObservationId },
            .string("type", "SPAN, GENERATION, EVENT, AGENT, TOOL, ...") { $0.row.type },
            .string("name", "The observation name.") { $0.row.name },
            .timestamp("start_time", "When the observation started.") { $0.row.startTime },
            .timestamp("end_time", "When the observation ended.") { $0.row.endTime },
            .timestamp("completion_start_time", "When the model started answering (time to first token).") {
                $0.row.completionStartTime
            },
            .string("level", "DEBUG, DEFAULT, WARNING or ERROR.") { $0.row.level },
            .string("status_message", "The status message.") { $0.row.statusMessage },
            .string("version", "The application version.") { $0.row.version },
            .jsonText("metadata", "Metadata as JSON text of an object.") { .object($0.row.metadata) },
            .jsonText("input", "The input as JSON text.") { $0.row.input },
            .jsonText("output", "The output as JSON text.") { $0.row.output },
            .string("model", "The model name the client sent (Langfuse's provided_model_name).") { $0.row.providedModelName },
            .jsonText("modelParameters", "The model parameters as JSON text (named as in the original langfarm).") {
                $0.row.modelParameters
            },
            .string("internal_model_id", "The model definition that priced the usage.") { $0.row.pricing?.modelId },
            .string("usage_pricing_tier_id", "The pricing tier that priced the usage.") { $0.row.pricing?.tierId },
            .string("usage_pricing_tier_name", "The pricing tier's name.") { $0.row.pricing?.tierName },
            .decimal("input_price", "The model's default-tier price per input unit.") { $0.row.pricing?.inputPrice },
            .decimal("output_price", "The model's default-tier price per output unit.") { $0.row.pricing?.outputPrice },
            .decimal("total_price", "The model's default-tier price per unit of total usage.") { $0.row.pricing?.totalPrice },
            .integerMap("provided_usage_details", "Usage as the client sent it, by usage type.") { $0.row.providedUsageDetails },
            .integerMap("usage_details", "Usage by type (input, output, total, cached tokens, ...), as priced.") {
                $0.row.usageDetails
            },
            .decimalMap("provided_cost_details", "Costs as the client sent them, by usage type.") {
                $0.row.providedCostDetails.compactMapValues(Decimal.init(jsonNumber:))
            },
            .decimalMap("cost_details", "Costs by usage type: the client's, else calculated from the model prices.") {
                $0.row.costDetails
            },
            .decimal("total_cost", "The total cost.") { $0.row.totalCost },
            .integer("prompt_tokens", "usage_details.input (original langfarm name).") { usage($0, "input") },
            .integer("completion_tokens", "usage_details.output (original langfarm name).") { usage($0, "output") },
            .integer("total_tokens", "usage_details.total (original langfarm name).") { usage($0, "total") },
            .decimal("input_cost", "provided_cost_details.input (original langfarm name).") { providedCost($0, "input") },
            .decimal("output_cost", "provided_cost_details.output (original langfarm name).") { providedCost($0, "output") },
            .decimal("calculated_input_cost", "cost_details.input (original langfarm name).") { $0.row.costDetails["input"] },
            .decimal("calculated_output_cost", "cost_details.output (original langfarm name).") { $0.row.costDetails["output"] },
            .decimal("calculated_total_cost", "cost_details.total (original langfarm name).") { $0.row.costDetails["total"] },
            .string("prompt_name", "The name of the prompt that produced the generation.") { $0.row.promptName },
            .integer("prompt_version", "The version of that prompt.") { $0.row.promptVersion.map(Int64.init) },
        ]
    )

    private static func usage(_ record: LakeRecord<ObservationRow>, _ type: String) -> Int64? {
        record.row.usageDetails[type].map(wholeNumber)
    }

    private static func providedCost(_ record: LakeRecord<ObservationRow>, _ type: String) -> Decimal? {
        record.row.providedCostDetails[type].flatMap(Decimal.init(jsonNumber:))
    }
}
