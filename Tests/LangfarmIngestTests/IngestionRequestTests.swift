import Foundation
import LangfarmCore
import Testing
@testable import LangfarmIngest

@Suite struct IngestionRequestTests {
    func decode(_ text: String) -> Result<[ReceivedEnvelope], RequestRejection> {
        IngestionRequest.decode(Data(text.utf8))
    }

    @Test func acceptsABatchWithMetadata() throws {
        let batch = try decode(#"{"batch":[{"id":"e"}],"metadata":{"sdk_name":"python"}}"#).get()
        #expect(batch.count == 1)
    }

    @Test func keepsEachEventsExactBytes() throws {
        let first = #"{ "id" : "e1", "type":"trace-create","timestamp":"2026-11-25T09:00:00Z","body":{"id":"t","n":1.50} }"#
        let second = #"{"id":"e2","type":"sdk-log","timestamp":"2026-11-25T09:00:00Z","body":{"log":"a\u0041"}}"#
        let batch = try decode(#"{"batch": [ \#(first) ,\#(second)],"metadata":{"batch": [1]}}"#).get()
        #expect(batch.map(\.text) == [first, second])
        #expect(batch[1].value["body"]?["log"] == .string("aA"))
    }

    @Test func requestMetadataMayBeAnyJSON() throws {
        #expect(try decode(#"{"batch":[],"metadata":"x"}"#).get().isEmpty)
        #expect(try decode(#"{"batch":[],"metadata":[1,2]}"#).get().isEmpty)
    }

    @Test func aRepeatedBatchKeyKeepsTheLastArrayAndItsTexts() throws {
        let event = #"{"id":"e","type":"sdk-log","timestamp":"2026-11-25T09:00:00Z","body":{"log":1}}"#
        let batch = try decode(#"{"batch":[1,2,3],"batch":[\#(event)]}"#).get()
        #expect(batch.map(\.text) == [event])
        let replaced = try decode(#"{"batch":[1,2],"batch":"x","batch":[]}"#).get()
        #expect(replaced.isEmpty)
    }

    @Test(arguments: [
        ("{not json", "malformed JSON"),
        ("", "malformed JSON"),
        ("[]", "expected an object with a 'batch' array"),
        (#"{"events":[]}"#, "batch: expected an array, it is missing"),
        (#"{"batch":{"id":"e"}}"#, "batch: expected an array, got an object"),
    ])
    func refusesMalformedRequests(body: String, detail: String) throws {
        guard case .failure(let rejection) = decode(body) else {
            Issue.record("accepted \(body)")
            return
        }
        #expect(rejection.message == "Invalid request data")
        #expect(rejection.details.joined().contains(detail), "\(rejection.details)")
    }

    @Test func refusesInvalidUTF8() {
        var bytes = Array(#"{"batch":[{"id":"e","body":{"name":""#.utf8)
        bytes += [0xFF, 0xFE, 0xC3]
        bytes += Array(#""}}]}"#.utf8)
        guard case .failure(let rejection) = IngestionRequest.decode(Data(bytes)) else {
            Issue.record("invalid UTF-8 was accepted")
            return
        }
        #expect(rejection.details.joined().contains("malformed JSON"))
    }

    @Test func refusesPathologicallyDeepNestingWithoutCrashing() {
        let depth = 100_000
        let text = #"{"batch":[{"id":"e","type":"trace-create","timestamp":"2026-11-25T09:00:00Z","body":{"id":"t","input":"#
            + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}}]}"
        guard case .failure(let rejection) = decode(text) else {
            Issue.record("100,000 levels of nesting were accepted")
            return
        }
        #expect(rejection.details.joined().contains("malformed JSON"))
    }

    @Test func planSeparatesGoodBadAndUnstoredEvents() throws {
        let batch = try decode("""
            {"batch":[
              {"id":"good","type":"trace-create","timestamp":"2026-11-25T09:00:00Z","body":{"id":"t"}},
              {"id":"bad","type":"trace-create","timestamp":"2026-11-25T09:00:00Z","body":{"id":"t","name":1}},
              {"id":"noid","type":"trace-create","timestamp":"2026-11-25T09:00:00Z","body":{"name":"x"}},
              {"id":"log","type":"sdk-log","timestamp":"2026-11-25T09:00:00Z","body":{"log":"hello"}},
              "not an event"
            ]}
            """).get()
        let plan = IngestionRequest.plan(batch, scope: .project)
        #expect(plan.accepted.map(\.envelopeId) == ["good", "log"])
        #expect(plan.successIds == ["good", "noid"], "sdk-log is in neither list")
        #expect(plan.rejections.map(\.envelopeId) == ["bad", "unknown"])
    }

    @Test func scoreScopeOnlyAdmitsScoresAndLogs() throws {
        let batch = try decode("""
            {"batch":[
              {"id":"s","type":"score-create","timestamp":"2026-11-25T09:00:00Z","body":{"id":"s","traceId":"t","name":"q","value":1}},
              {"id":"t","type":"trace-create","timestamp":"2026-11-25T09:00:00Z","body":{"id":"t"}}
            ]}
            """).get()
        let plan = IngestionRequest.plan(batch, scope: .scoresOnly)
        #expect(plan.accepted.map(\.envelopeId) == ["s"])
        #expect(plan.rejections == [EventRejection(envelopeId: "t", status: 401, message: "Authentication error", error: "Access Scope Denied")])
    }
}
