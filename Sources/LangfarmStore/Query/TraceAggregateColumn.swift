/// What a trace's observations add up to, as trace filters and metrics read it: each store keeps
/// these its own way (SQLite on the trace row, PostgreSQL in `trace_aggregates`), under the
/// same column names.
package enum TraceAggregateColumn: String, Sendable {
    case observationCount = "observation_count"
    case latency = "latency_ms"
    case inputTokens = "input_tokens"
    case outputTokens = "output_tokens"
    case totalTokens = "total_tokens"
    case inputCost = "input_cost"
    case outputCost = "output_cost"
    case totalCost = "total_cost"
    case debugCount = "debug_count"
    case defaultCount = "default_count"
    case warningCount = "warning_count"
    case errorCount = "error_count"
}
