import Foundation
@testable import LangfarmCore
import TestSupport

/// Reproducible random histories of one trace, one observation and one score: fields left out,
/// sent as null, falsy, empty or nested, timestamps that collide, score deletions and trace
/// edits, so that every merge rule and every `Field` state is exercised.
struct RandomEntityEvents {
    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func pick<T>(_ options: [T]) -> T { options[Int(random.next() % UInt64(options.count))] }

    /// A member of a body: left out (nil), null, or one of `values` as JSON text.
    mutating func member(_ name: String, _ values: [String]) -> String? {
        switch random.next() % 4 {
        case 0: return nil
        case 1: return "\"\(name)\":null"
        default: return "\"\(name)\":\(pick(values))"
        }
    }

    mutating func body(id: String, required: String = "", _ members: [(String, [String])]) -> String {
        let parts = [#""id":"\#(id)""#] + (required.isEmpty ? [] : [required]) + members.compactMap { member($0.0, $0.1) }
        return "{" + parts.joined(separator: ",") + "}"
    }

    mutating func timestamp() -> String {
        // Few distinct times: ties are frequent, and the create-before-update rule decides them.
        ISO8601.format(1_795_600_000_000 + EpochMillis(random.next() % 6) * 1_000)
    }

    static let texts = [#""a""#, #""b\n\"c""#]
    static let jsonValues = [#""x""#, "0", "false", #""""#, "{}", "[]", #"{"k":[1,{"d":2}]}"#, "3.25"]
    static let objects = ["{}", #"{"a":1}"#, #"{"a":{"b":2}}"#, #"{"a":{"c":null},"z":"y"}"#]

    mutating func traceEvents(_ count: Int, id: String = "t") -> [NormalisedEvent] {
        (0..<count).map { index in
            if random.next() % 7 == 0 {
                let edit = TraceEdit(traceId: id, bookmarked: pick([true, false, nil]), addedTags: pick([[], ["ui"]]), removedTags: pick([[], ["a"]]))
                return try! edit.event(id: "\(id)-edit\(index)", at: 1_795_600_000_000 + EpochMillis(random.next() % 6) * 1_000)
            }
            let body = body(id: id, [
                ("name", Self.texts), ("userId", Self.texts), ("sessionId", Self.texts), ("release", Self.texts), ("version", Self.texts),
                ("environment", [#""prod""#, #""dev""#]), ("metadata", Self.objects), ("tags", [#"["a"]"#, #"["b","a"]"#, "[]"]),
                ("input", Self.jsonValues), ("output", Self.jsonValues), ("public", ["true", "false"]), ("timestamp", [#""2026-11-25T09:00:00Z""#]),
            ])
            return TestEvents.event("trace-create", id: "\(id)-e\(index)", at: timestamp(), body: body)
        }
    }

    mutating func observationEvents(_ count: Int, id: String = "o") -> [NormalisedEvent] {
        (0..<count).map { index in
            let type = pick(["span-create", "span-update", "generation-create", "generation-update", "event-create"])
            let body = body(id: id, [
                ("traceId", [#""t""#]), ("parentObservationId", [#""p1""#, #""p2""#]), ("name", Self.texts), ("level", [#""DEBUG""#, #""ERROR""#]),
                ("statusMessage", Self.texts), ("version", Self.texts), ("input", Self.jsonValues), ("output", Self.jsonValues),
                ("metadata", Self.objects), ("startTime", [#""2026-11-25T09:00:00Z""#]), ("endTime", [#""2026-11-25T09:00:05Z""#]),
                ("model", [#""gpt-4o""#, #""m""#]), ("modelParameters", [#"{"temperature":0.5}"#, "{}"]),
                ("usageDetails", [#"{"input":10,"output":3}"#, "{}"]), ("costDetails", [#"{"total":0.125}"#, "{}"]),
            ])
            return TestEvents.event(type, id: "\(id)-e\(index)", at: timestamp(), body: body)
        }
    }

    mutating func scoreEvents(_ count: Int, id: String = "s") -> [NormalisedEvent] {
        (0..<count).map { index in
            if random.next() % 5 == 0 {
                return TestEvents.normaliseStored(#"{"id":"\#(id)-del\#(index)","type":"langfarm-score-delete","timestamp":"\#(timestamp())","body":{"id":"\#(id)"}}"#)
            }
            let body = body(id: id, required: #""name":"q","traceId":"t","value":\#(pick(["1", "0.5"]))"#, [ ("comment", Self.texts), ("metadata", Self.objects),
                ("dataType", [#""NUMERIC""#]), ("source", [#""API""#]),
            ])
            return TestEvents.event("score-create", id: "\(id)-e\(index)", at: timestamp(), body: body)
        }
    }
}

extension TestEvents {
    static func normaliseStored(_ text: String) -> NormalisedEvent {
        try! EventNormaliser.normaliseStored(json(text)).get()
    }
}
