import Foundation
import LangfarmCore
import LangfarmStore

/// Ingestion events for the relay tests, written as the SDKs send them. The Kafka test target
/// cannot import the store tests' fixtures, so this is a small copy of what they do: normalise
/// an envelope's JSON with the real `EventNormaliser`.
enum RelayFixtures {
    static let receivedAt: EpochMillis = 1_795_600_000_000
    static let python = SDKIdentity(name: "langfuse-python", version: "2.60.3")
    static let javascript = SDKIdentity(name: "langfuse-js", version: "3.38.0")

    static func event(_ type: String, id: String, at timestamp: String = "2026-11-25T09:00:00.000Z", body: String) -> NormalisedEvent {
        let text = #"{"id":"\#(id)","type":"\#(type)","timestamp":"\#(timestamp)","body":\#(body)}"#
        switch EventNormaliser.normalise(try! JSONValue.parse(Data(text.utf8))) {
        case .success(let event): return event
        case .failure(let rejection): fatalError("fixture rejected: \(rejection)")
        }
    }

    static func batch(_ events: [NormalisedEvent], project: String = "p1", sdk: SDKIdentity? = nil) -> EventBatch {
        EventBatch(projectId: project, events: events, receivedAt: receivedAt, sdk: sdk)
    }

    /// A trace with a span, a priced generation (model and usage) and a score: one change of
    /// each kind, all keyed by `traceId`.
    static func trace(_ traceId: String) -> [NormalisedEvent] {
        [
            event("trace-create", id: "\(traceId)-e1", body: """
                {"id":"\(traceId)","name":"chat","userId":"u1","sessionId":"s1","input":{"q":"hi"}}
                """),
            span(traceId, spanId: "\(traceId)-span", envelopeId: "\(traceId)-e2"),
            event("generation-create", id: "\(traceId)-e3", at: "2026-11-25T09:00:00.300Z", body: """
                {"id":"\(traceId)-gen","traceId":"\(traceId)","parentObservationId":"\(traceId)-span","name":"llm",
                 "model":"gpt-4o","startTime":"2026-11-25T09:00:00.300Z","endTime":"2026-11-25T09:00:01.000Z",
                 "input":[{"role":"user","content":"hi"}],"output":"hello","usage":{"input":10,"output":20}}
                """),
            event("score-create", id: "\(traceId)-e4", at: "2026-11-25T09:00:01.500Z", body: """
                {"id":"\(traceId)-score","traceId":"\(traceId)","name":"quality","value":0.9}
                """),
        ]
    }

    /// Later events for the same trace: new versions of rows that were already published.
    static func traceUpdates(_ traceId: String) -> [NormalisedEvent] {
        [
            event("trace-create", id: "\(traceId)-u1", at: "2026-11-25T09:00:02.000Z", body: """
                {"id":"\(traceId)","output":{"a":"hello"},"tags":["done"]}
                """),
            event("generation-update", id: "\(traceId)-u2", at: "2026-11-25T09:00:02.100Z", body: """
                {"id":"\(traceId)-gen","traceId":"\(traceId)","output":"hello again","usage":{"input":12,"output":30}}
                """),
        ]
    }

    static func span(_ traceId: String, spanId: String, envelopeId: String, input: String? = nil) -> NormalisedEvent {
        let inputField = input.map { #","input":"\#($0)""# } ?? ""
        return event("span-create", id: envelopeId, at: "2026-11-25T09:00:00.100Z", body: """
            {"id":"\(spanId)","traceId":"\(traceId)","name":"step","startTime":"2026-11-25T09:00:00.100Z"\(inputField)}
            """)
    }
}
