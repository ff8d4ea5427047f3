import Foundation

/// The numbers of one observation that list filters compare and aggregates add up, derived from
/// its stored row and kept beside it so that neither a filter nor a sum re-reads the usage and
/// cost maps.
///
/// The definitions are those of Langfuse's query engine (docs/READ-SIDE.md, "Measures"): input
/// and output are the sums of the usage (or cost) keys whose name contains "input" or "output",
/// ignoring case; total tokens is the `total` usage key; latency runs from start to end and time
/// to first token from start to the completion start.
public struct ObservationMeasures: Sendable, Equatable {
    public var inputTokens: Double
    public var outputTokens: Double
    public var totalTokens: Double
    public var inputCost: Double
    public var outputCost: Double
    /// The observation's total cost; nil when it has none (an unpriced span).
    public var totalCost: Double?
    /// End minus start; nil until the observation has ended.
    public var latencyMillis: Int64?
    /// Completion start minus start; nil without a completion start.
    public var timeToFirstTokenMillis: Int64?

    public init(
        inputTokens: Double = 0, outputTokens: Double = 0, totalTokens: Double = 0, inputCost: Double = 0,
        outputCost: Double = 0, totalCost: Double? = nil, latencyMillis: Int64? = nil, timeToFirstTokenMillis: Int64? = nil
    ) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.totalTokens = totalTokens
        self.inputCost = inputCost
        self.outputCost = outputCost
        self.totalCost = totalCost
        self.latencyMillis = latencyMillis
        self.timeToFirstTokenMillis = timeToFirstTokenMillis
    }

    public init(_ row: ObservationRow) {
        self.init(
            inputTokens: Self.sum(row.usageDetails, keysContaining: "input"),
            outputTokens: Self.sum(row.usageDetails, keysContaining: "output"),
            totalTokens: row.usageDetails["total"] ?? 0,
            inputCost: Self.sum(row.costDetails, keysContaining: "input").doubleValue,
            outputCost: Self.sum(row.costDetails, keysContaining: "output").doubleValue,
            totalCost: row.totalCost?.doubleValue,
            latencyMillis: row.endTime.map { $0 - row.startTime },
            timeToFirstTokenMillis: row.completionStartTime.map { $0 - row.startTime }
        )
    }

    /// Tokens per second over the whole observation; nil when it took no measurable time.
    public var tokensPerSecond: Double? {
        guard let latencyMillis, latencyMillis > 0 else { return nil }
        return totalTokens / (Double(latencyMillis) / 1000)
    }

    static func sum<Number: AdditiveArithmetic>(_ map: [String: Number], keysContaining part: String) -> Number {
        map.reduce(.zero) { total, entry in Self.contains(entry.key, part) ? total + entry.value : total }
    }

    /// Whether `key` contains the lower-case ASCII word `part`, ignoring case. Usage keys are
    /// short ASCII names; a byte scan keeps Foundation's locale-aware search off the commit path.
    static func contains(_ key: String, _ part: String) -> Bool {
        let needle = Array(part.utf8)
        let haystack = Array(key.utf8)
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { start in
            needle.indices.allSatisfy { offset in
                let byte = haystack[start + offset]
                return (byte >= 65 && byte <= 90 ? byte + 32 : byte) == needle[offset]
            }
        }
    }
}
