import Foundation
import LangfarmCore
import LangfarmStore
@testable import LangfarmKafka

/// Representative rows for the contract tests: every field set, every optional field absent,
/// and deletions, for each topic.
enum ContractSamples {
    /// 2026-11-25T10:00:00.123Z, the trace's first-seen time.
    static let firstSeen = ISO8601.parse("2026-11-25T10:00:00.123Z")!
    static let partition = PartitionTime(createdAt: firstSeen)
    static let later = ISO8601.parse("2026-11-26T08:30:05.007Z")!

    static let fullTrace = TraceRow(
        projectId: "project-1", id: "trace-1", timestamp: firstSeen, name: "chat", userId: "user-1", sessionId: "session-1",
        release: "v1.2", version: "3", environment: "production", isPublic: true, bookmarked: true, tags: ["a", "b \"quoted\""],
        metadata: ["nested": ["deep": [1, 2.5, .null]], "text": "line\nbreak"], input: ["question": "Why \"quotes\"\\?"],
        output: "plain text é 日本", partition: partition, updatedAt: later
    )

    static let minimalTrace = TraceRow(projectId: "project-1", id: "trace-2", timestamp: firstSeen, partition: partition, updatedAt: firstSeen)

    static let generation = ObservationRow(
        projectId: "project-1", id: "generation-1", traceId: "trace-1", type: "GENERATION", parentObservationId: "span-1",
        environment: "production", startTime: firstSeen, endTime: later, name: "llm", metadata: ["k": "v"], level: "WARNING",
        statusMessage: "slow", version: "3", input: [["role": "user", "content": "hi"]], output: ["content": "hello"],
        completionStartTime: firstSeen + 250, providedModelName: "gpt-4o", modelParameters: ["temperature": 0.7, "max_tokens": 100],
        providedUsageDetails: ["input": 1200, "output": 300], providedCostDetails: ["input": 0.0000025],
        usageDetails: ["input": 1200, "output": 300, "total": 1500, "input_cached_tokens": 100],
        costDetails: [
            "input": Decimal(string: "0.000000300000")!, "output": Decimal(string: "123456.123456789012")!,
            "total": Decimal(string: "123456.123457089012")!,
        ],
        totalCost: Decimal(string: "123456.123457089012")!,
        pricing: ObservationPricing(
            modelId: "model-gpt-4o", tierId: "tier-1", tierName: "large context", inputPrice: Decimal(string: "0.0000025")!,
            outputPrice: Decimal(string: "0.00001")!, totalPrice: nil
        ),
        promptName: "greeting", promptVersion: 7, partition: partition, updatedAt: later
    )

    static let minimalSpan = ObservationRow(
        projectId: "project-1", id: "span-1", traceId: "trace-1", type: "SPAN", startTime: firstSeen, partition: partition,
        updatedAt: firstSeen
    )

    static let numericScore = ScoreRow(
        projectId: "project-1", id: "score-1", timestamp: later, name: "accuracy", value: 0.875, dataType: "NUMERIC",
        source: "EVAL", comment: "good", traceId: "trace-1", observationId: "generation-1", environment: "production",
        metadata: ["judge": "gpt-4o"], configId: "config-1", queueId: "queue-1", executionTraceId: "trace-9",
        partition: partition, updatedAt: later
    )

    static let sessionScore = ScoreRow(
        projectId: "project-1", id: "score-2", timestamp: later, name: "quality", stringValue: "high", dataType: "CATEGORICAL",
        sessionId: "session-1", datasetRunId: "run-1", partition: partition, updatedAt: later
    )

    /// Every sample as a change, live and deleted.
    static var changes: [RowChange] {
        [false, true].flatMap { deleted in
            [
                RowChange.trace(fullTrace, deleted: deleted), .trace(minimalTrace, deleted: deleted),
                .observation(generation, deleted: deleted), .observation(minimalSpan, deleted: deleted),
                .score(numericScore, deleted: deleted), .score(sessionScore, deleted: deleted),
            ]
        }
    }

    /// The message values of `changes` for one topic, one per line, versions numbered from 1
    /// in the order of `changes`: what `deploy/check/messages/<topic>.jsonl` holds for the
    /// Flink JSON check.
    static func messageLines(of kind: EntityKind) -> String {
        let encoder = LakeMessageEncoder()
        return changes.enumerated()
            .filter { $0.element.kind == kind }
            .map { encoder.messageValue(for: $0.element, version: Int64($0.offset + 1)) + "\n" }
            .joined()
    }
}
