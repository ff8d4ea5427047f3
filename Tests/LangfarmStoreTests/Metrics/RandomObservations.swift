import Foundation
import LangfarmCore
import LangfarmStore
import TestSupport

/// A random but reproducible workload for the rollup conformance tests: traces with
/// observations of every kind, partly updated (moving them to other hours, models, levels),
/// delivered in shuffled batches so that updates often arrive before the observation they
/// update, and some traces deleted afterwards.
struct RandomObservations {
    typealias F = MetricsFixtures

    static let days: EpochMillis = 3
    var events: [NormalisedEvent] = []
    var deletedTraces: [String] = []
    var traceIds: [String] = []

    init(project: String, seed: UInt64, traces: Int = 24) {
        var random = SplitMix64(seed: seed)
        for traceIndex in 0..<traces {
            let traceId = "\(project)-t\(traceIndex)"
            traceIds.append(traceId)
            let traceTime = F.start + EpochMillis.random(in: 0..<(Self.days * 24 * F.hour), using: &random)
            var traceFields: [String: JSONValue] = ["environment": .string(["production", "staging"].randomElement(using: &random) ?? "production")]
            if let name = ["chat", "summarize", nil].randomElement(using: &random) ?? nil { traceFields["name"] = .string(name) }
            traceFields["userId"] = .string("u\(Int.random(in: 0..<5, using: &random))")
            traceFields["tags"] = .array(["a", "b", "c"].filter { _ in Bool.random(using: &random) }.map(JSONValue.string))
            events.append(F.trace(traceId, at: traceTime, traceFields))
            for observationIndex in 0..<Int.random(in: 0...14, using: &random) {
                let id = "\(traceId)-o\(observationIndex)"
                let kind = ["span", "generation", "generation", "event"].randomElement(using: &random) ?? "span"
                let created = Self.fields(kind: kind, near: traceTime, using: &random)
                events.append(F.observation(kind, id: id, trace: traceId, at: traceTime, created))
                if kind != "event", Int.random(in: 0..<10, using: &random) < 4 {
                    let updated = Self.fields(kind: kind, near: traceTime + EpochMillis.random(in: -5 * F.hour...5 * F.hour, using: &random), using: &random)
                    events.append(F.observation(kind, "update", id: id, trace: traceId, at: traceTime + 60_000, updated))
                }
            }
        }
        events.shuffle(using: &random)
        deletedTraces = Array(traceIds.shuffled(using: &random).prefix(3))
    }

    /// An observation's fields at a random time near `time`: names (some empty), models,
    /// levels and environments from small sets so that groups repeat; usage, costs, end and
    /// completion start on some.
    static func fields(kind: String, near time: EpochMillis, using random: inout SplitMix64) -> [String: JSONValue] {
        let start = time + EpochMillis.random(in: -2 * F.hour...2 * F.hour, using: &random)
        var fields: [String: JSONValue] = [
            "startTime": F.iso(start),
            "environment": .string(["production", "staging"].randomElement(using: &random) ?? "production"),
            "level": .string(["DEFAULT", "DEFAULT", "DEBUG", "WARNING", "ERROR"].randomElement(using: &random) ?? "DEFAULT"),
        ]
        if let name = ["llm", "retrieve", "tool", "", nil].randomElement(using: &random) ?? nil { fields["name"] = .string(name) }
        if Int.random(in: 0..<10, using: &random) < 8 {
            let end = start + EpochMillis.random(in: 1...30_000, using: &random)
            fields["endTime"] = F.iso(end)
            if kind == "generation", Bool.random(using: &random) {
                fields["completionStartTime"] = F.iso(start + EpochMillis.random(in: 0...(end - start), using: &random))
            }
        }
        if kind == "generation" {
            if let model = ["gpt-4o", "gpt-4o-mini", "claude-x", nil].randomElement(using: &random) ?? nil { fields["model"] = .string(model) }
            fields["usageDetails"] = ["input": .number(Double(Int.random(in: 0...2000, using: &random))), "output": .number(Double(Int.random(in: 0...800, using: &random)))]
            if Bool.random(using: &random) {
                fields["costDetails"] = ["input": .number(Double(Int.random(in: 0...5000, using: &random)) / 10_000), "output": .number(Double(Int.random(in: 0...5000, using: &random)) / 10_000)]
            }
        }
        return fields
    }

    /// Commits the events in random batches, then deletes the chosen traces.
    func load(into store: any Store, project: String, seed: UInt64) async throws {
        var random = SplitMix64(seed: seed)
        var remaining = events[...]
        while !remaining.isEmpty {
            let size = Int.random(in: 1...40, using: &random)
            try await store.commit([Fixtures.batch(project, Array(remaining.prefix(size)))])
            remaining = remaining.dropFirst(size)
        }
        _ = try await store.deleteTraces(projectId: project, ids: deletedTraces)
    }
}
