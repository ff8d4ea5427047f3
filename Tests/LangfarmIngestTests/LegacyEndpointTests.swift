import LangfarmCore
import Testing
@testable import LangfarmIngest

@Suite struct LegacyEndpointTests {
    @Test func generationPatchUsesGenerationIdAndRenamesPromptAndCompletion() throws {
        let body: JSONValue = .object(["generationId": .string("g1"), "prompt": .string("p"), "completion": .string("c")])
        let (envelope, id) = try LegacyEndpoint.updateGeneration.envelope(for: body, receivedAt: 1_795_600_000_000).get()
        #expect(id == "g1")
        #expect(envelope["type"] == .string("generation-update"))
        #expect(envelope["timestamp"] == .string("2026-11-25T09:46:40.000Z"))
        #expect(envelope["body"] == .object(["id": .string("g1"), "input": .string("p"), "output": .string("c")]))
        guard case .success(let event) = EventNormaliser.normalise(envelope) else {
            Issue.record("the wrapped envelope must be valid")
            return
        }
        #expect(event.entity == EntityRef(kind: .observation, id: "g1"))
    }

    @Test func spanPatchUsesSpanId() throws {
        let (envelope, id) = try LegacyEndpoint.updateSpan.envelope(for: .object(["spanId": .string("s1")]), receivedAt: 0).get()
        #expect(id == "s1")
        #expect(envelope["body"]?["id"] == .string("s1"))
        #expect(envelope["body"]?["spanId"] == nil)
    }

    @Test func missingIdsAreGenerated() throws {
        for endpoint in LegacyEndpoint.allCases {
            let (envelope, id) = try endpoint.envelope(for: .object([:]), receivedAt: 0).get()
            #expect(id.count == 36)
            #expect(envelope["body"]?["id"] == .string(id))
        }
    }

    @Test func nonObjectBodiesAndNonStringIdsAreRefused() {
        guard case .failure = LegacyEndpoint.createTrace.envelope(for: .array([]), receivedAt: 0) else {
            Issue.record("an array body was accepted")
            return
        }
        guard case .failure(let rejection) = LegacyEndpoint.createSpan.envelope(for: .object(["id": .number(3)]), receivedAt: 0) else {
            Issue.record("a numeric id was accepted")
            return
        }
        #expect(rejection.details == ["body.id: expected a string"])
    }
}
