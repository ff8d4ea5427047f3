import Foundation
import LangfarmCore
import LangfarmStore

/// Events and batches for the conformance suite, written as the SDKs send them.
enum Fixtures {
    static func event(_ type: String, id: String, at timestamp: String, body: String) -> NormalisedEvent {
        let text = #"{"id":"\#(id)","type":"\#(type)","timestamp":"\#(timestamp)","body":\#(body)}"#
        switch EventNormaliser.normalise(try! JSONValue.parse(Data(text.utf8))) {
        case .success(let event): return event
        case .failure(let rejection): fatalError("fixture rejected: \(rejection)")
        }
    }

    static func batch(_ projectId: String, at receivedAt: EpochMillis = 1_795_600_000_000, _ events: [NormalisedEvent]) -> EventBatch {
        EventBatch(projectId: projectId, events: events, receivedAt: receivedAt)
    }

    /// One trace as SDK 2.x sends it: create, nested spans, a generation with usage, updates,
    /// an event, a trace update and a score.
    static func sdkTrace(_ traceId: String) -> [NormalisedEvent] {
        [
            event("trace-create", id: "\(traceId)-e1", at: "2026-11-25T09:00:00.000Z", body: """
                {"id":"\(traceId)","name":"chat","userId":"u1","sessionId":"s1","metadata":{"a":1},"tags":["x"],"input":{"q":"hi"}}
                """),
            event("span-create", id: "\(traceId)-e2", at: "2026-11-25T09:00:00.100Z", body: """
                {"id":"\(traceId)-outer","traceId":"\(traceId)","name":"outer","startTime":"2026-11-25T09:00:00.100Z"}
                """),
            event("span-create", id: "\(traceId)-e3", at: "2026-11-25T09:00:00.200Z", body: """
                {"id":"\(traceId)-inner","traceId":"\(traceId)","parentObservationId":"\(traceId)-outer","name":"inner","startTime":"2026-11-25T09:00:00.200Z"}
                """),
            event("generation-create", id: "\(traceId)-e4", at: "2026-11-25T09:00:00.300Z", body: """
                {"id":"\(traceId)-gen","traceId":"\(traceId)","parentObservationId":"\(traceId)-outer","name":"llm","model":"gpt-4o",
                 "startTime":"2026-11-25T09:00:00.300Z","input":[{"role":"user","content":"hi"}]}
                """),
            event("generation-update", id: "\(traceId)-e5", at: "2026-11-25T09:00:01.000Z", body: """
                {"id":"\(traceId)-gen","traceId":"\(traceId)","endTime":"2026-11-25T09:00:01.000Z","output":"hello",
                 "usage":{"input":10,"output":20},"costDetails":{"input":0.001,"output":0.002}}
                """),
            event("span-update", id: "\(traceId)-e6", at: "2026-11-25T09:00:01.100Z", body: """
                {"id":"\(traceId)-inner","traceId":"\(traceId)","endTime":"2026-11-25T09:00:01.100Z","output":{"ok":true}}
                """),
            event("event-create", id: "\(traceId)-e7", at: "2026-11-25T09:00:01.200Z", body: """
                {"id":"\(traceId)-evt","traceId":"\(traceId)","name":"cache-hit","startTime":"2026-11-25T09:00:01.200Z"}
                """),
            event("span-update", id: "\(traceId)-e8", at: "2026-11-25T09:00:01.300Z", body: """
                {"id":"\(traceId)-outer","traceId":"\(traceId)","endTime":"2026-11-25T09:00:01.300Z"}
                """),
            event("trace-create", id: "\(traceId)-e9", at: "2026-11-25T09:00:01.400Z", body: """
                {"id":"\(traceId)","output":{"a":"hello"},"metadata":{"b":2},"tags":["y"]}
                """),
            event("score-create", id: "\(traceId)-e10", at: "2026-11-25T09:00:01.500Z", body: """
                {"id":"\(traceId)-score","traceId":"\(traceId)","name":"quality","value":0.9}
                """),
        ]
    }
}
