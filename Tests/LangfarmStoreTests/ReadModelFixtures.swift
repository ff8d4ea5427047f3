import Foundation
import LangfarmCore
import LangfarmStore
import TestSupport

/// Random traces for the read-model suites: a seeded generator of SDK-shaped events (creates,
/// later updates that move end times and add usage and cost, levels, trace updates that change
/// name, user, session, tags and metadata), so that every suite can deliver the same history in
/// many orders and compare what the store derived with what the rows say.
struct RandomTraces {
    var generator: SplitMix64
    let base: EpochMillis = 1_795_600_000_000

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    /// The events of `count` traces, with `observations` observations each, in creation order.
    mutating func events(traces count: Int, observations: Int, project: String = "p") -> [NormalisedEvent] {
        var events: [NormalisedEvent] = []
        for traceIndex in 0..<count {
            let traceId = "\(project)-t\(traceIndex)"
            let start = base + EpochMillis(traceIndex) * 60_000
            events.append(Fixtures.event("trace-create", id: "\(traceId)-c", at: ISO8601.format(start), body: """
                {"id":"\(traceId)","name":"n\(generator.next() % 3)","userId":"u\(generator.next() % 4)","sessionId":"s\(generator.next() % 5)",
                 "timestamp":"\(ISO8601.format(start))","tags":["a\(generator.next() % 3)"],"metadata":{"k":"v\(generator.next() % 3)"}}
                """))
            for index in 0..<observations {
                let id = "\(traceId)-o\(index)"
                let begin = start + EpochMillis(generator.next() % 5_000)
                let level = ["DEBUG", "DEFAULT", "DEFAULT", "WARNING", "ERROR"][Int(generator.next() % 5)]
                events.append(Fixtures.event("generation-create", id: "\(id)-c", at: ISO8601.format(begin), body: """
                    {"id":"\(id)","traceId":"\(traceId)","name":"g\(generator.next() % 3)","model":"m\(generator.next() % 2)",
                     "startTime":"\(ISO8601.format(begin))","level":"\(level)"}
                    """))
                let end = begin + EpochMillis(generator.next() % 9_000)
                events.append(Fixtures.event("generation-update", id: "\(id)-u", at: ISO8601.format(end), body: """
                    {"id":"\(id)","traceId":"\(traceId)","endTime":"\(ISO8601.format(end))",
                     "usage":{"input":\(generator.next() % 500),"output":\(generator.next() % 300)},
                     "costDetails":{"input":0.00\(generator.next() % 9 + 1),"output":0.000\(generator.next() % 9 + 1)}}
                    """))
            }
            events.append(Fixtures.event("trace-create", id: "\(traceId)-u", at: ISO8601.format(start + 20_000), body: """
                {"id":"\(traceId)","name":"renamed\(generator.next() % 2)","tags":["b\(generator.next() % 2)"],"metadata":{"j":\(generator.next() % 3)}}
                """))
        }
        return events
    }

    mutating func shuffled<T>(_ items: [T]) -> [T] {
        var items = items
        for index in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(index, Int(generator.next() % UInt64(index + 1)))
        }
        return items
    }

    /// `events` cut into batches of 1 to `maxSize` events.
    mutating func batches(_ events: [NormalisedEvent], maxSize: Int, project: String = "p") -> [EventBatch] {
        var batches: [EventBatch] = []
        var rest = events[...]
        while !rest.isEmpty {
            let size = min(rest.count, Int(generator.next() % UInt64(maxSize)) + 1)
            batches.append(Fixtures.batch(project, Array(rest.prefix(size))))
            rest = rest.dropFirst(size)
        }
        return batches
    }
}

/// What a trace's aggregates must be, added up here from its observation rows.
func expectedAggregates(_ observations: [ObservationRow]) -> TraceAggregates {
    var aggregates = TraceAggregates()
    for row in observations {
        let measures = ObservationMeasures(row)
        aggregates.observationCount += 1
        switch ObservationLevel(rawValue: row.level) {
        case .debug: aggregates.levelCounts.debug += 1
        case .warning: aggregates.levelCounts.warning += 1
        case .error: aggregates.levelCounts.error += 1
        default: aggregates.levelCounts.default += 1
        }
        aggregates.inputTokens += measures.inputTokens
        aggregates.outputTokens += measures.outputTokens
        aggregates.totalTokens += measures.totalTokens
        aggregates.inputCost += measures.inputCost
        aggregates.outputCost += measures.outputCost
        aggregates.totalCost += measures.totalCost ?? 0
    }
    if let first = observations.map(\.startTime).min() {
        let last = observations.map { max($0.startTime, $0.endTime ?? $0.startTime) }.max() ?? first
        aggregates.latencyMillis = last - first
    }
    return aggregates
}

/// Aggregates compared with a tolerance for the order floating-point sums were added in.
func aggregatesMatch(_ actual: TraceAggregates, _ expected: TraceAggregates) -> Bool {
    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(b)) }
    return actual.observationCount == expected.observationCount && actual.levelCounts == expected.levelCounts
        && close(actual.inputTokens, expected.inputTokens) && close(actual.outputTokens, expected.outputTokens)
        && close(actual.totalTokens, expected.totalTokens) && close(actual.inputCost, expected.inputCost)
        && close(actual.outputCost, expected.outputCost) && close(actual.totalCost, expected.totalCost)
        && actual.latencyMillis == expected.latencyMillis
}
