import Testing
@testable import LangfarmCore

@Suite struct EventNormaliserTests {
    typealias T = TestEvents

    @Test func traceCreateMapsFieldsToColumns() {
        let event = T.event("trace-create", id: "e1", at: "2026-11-25T09:00:00Z", body: """
            {"id":"t1","name":"n","userId":"u","sessionId":"s","release":"r","version":"v","environment":"Langfuse-Prod",
             "metadata":{"a":1},"tags":["x"],"input":{"q":1},"output":"o","public":true,"externalId":"ext"}
            """)
        #expect(event.entity == EntityRef(kind: .trace, id: "t1"))
        #expect(event.patch == .trace(TracePatch(
            id: .value("t1"), timestamp: .value(1_795_597_200_000), name: .value("n"), userId: .value("u"), sessionId: .value("s"),
            release: .value("r"), version: .value("v"), environment: .value("prod"), metadata: .value(["a": 1]), tags: .value(["x"]),
            input: .value(["q": 1]), output: .value("o"), isPublic: .value(true), bookmarked: .value(false)
        )), "every column, and no externalId")
        #expect(event.traceId == "t1")
    }

    @Test func environmentIsNeverRejected() {
        let event = T.event("span-create", id: "e1", at: "2026-11-25T09:00:00Z", body: #"{"id":"s","environment":5}"#)
        #expect(event.patch.observationPatch?.environment == .value("default"))
    }

    @Test func absentAndNullAreDistinct() {
        let event = T.event("span-update", id: "e1", at: "2026-11-25T09:00:00Z", body: #"{"id":"s1","name":null}"#)
        #expect(event.patch.observationPatch?.name == .null)
        #expect(event.patch.observationPatch?.output == .absent)
        #expect(event.patch.observationPatch?.startTime == .value(1_795_597_200_000))
    }

    @Test func observationTypesFollowEventTypes() {
        let types = [
            "span-create": "SPAN", "generation-create": "GENERATION", "event-create": "EVENT", "agent-create": "AGENT",
            "tool-create": "TOOL", "chain-create": "CHAIN", "retriever-create": "RETRIEVER", "evaluator-create": "EVALUATOR",
            "embedding-create": "EMBEDDING", "guardrail-create": "GUARDRAIL",
        ]
        for (eventType, observationType) in types {
            let event = T.event(eventType, id: "e", at: "2026-11-25T09:00:00Z", body: #"{"id":"o","traceId":"t"}"#)
            #expect(event.patch.observationPatch?.type == .value(observationType), "\(eventType)")
            #expect(event.entity?.kind == .observation)
        }
        let legacy = T.event("observation-create", id: "e", at: "2026-11-25T09:00:00Z", body: #"{"id":"o","type":"EVENT"}"#)
        #expect(legacy.patch.observationPatch?.type == .value("EVENT"))
    }

    @Test func spansDropGenerationFields() {
        let event = T.event("span-create", id: "e", at: "2026-11-25T09:00:00Z", body: #"{"id":"o","model":"gpt-4o","usage":{"input":1}}"#)
        #expect(event.patch.observationPatch?.providedModelName == .absent)
        #expect(event.patch.observationPatch?.providedUsageDetails == .absent)
    }

    @Test func usageV1BecomesUsageDetailsWithTotal() {
        let event = T.event("generation-create", id: "e", at: "2026-11-25T09:00:00Z", body: """
            {"id":"g","usage":{"input":10,"output":20,"unit":"TOKENS","inputCost":0.1,"outputCost":0.2}}
            """)
        #expect(event.patch.observationPatch?.providedUsageDetails == .value(["input": 10, "output": 20, "total": 30]))
        #expect(event.patch.observationPatch?.providedCostDetails == .value(["input": 0.1, "output": 0.2]))
    }

    @Test func openAIUsageFormDropsCosts() {
        let event = T.event("generation-create", id: "e", at: "2026-11-25T09:00:00Z", body: """
            {"id":"g","usage":{"promptTokens":3,"completionTokens":4,"totalTokens":7}}
            """)
        #expect(event.patch.observationPatch?.providedUsageDetails == .value(["input": 3, "output": 4, "total": 7]))
        #expect(event.patch.observationPatch?.providedCostDetails == .absent)
    }

    @Test func emptyUsageIsAbsent() {
        let event = T.event("generation-create", id: "e", at: "2026-11-25T09:00:00Z", body: #"{"id":"g","usage":{}}"#)
        #expect(event.patch.observationPatch?.providedUsageDetails == .absent)
    }

    @Test func openAICompletionsUsageDetailsAreSplit() {
        let event = T.event("generation-create", id: "e", at: "2026-11-25T09:00:00Z", body: """
            {"id":"g","usageDetails":{"prompt_tokens":100,"completion_tokens":50,"total_tokens":150,
             "prompt_tokens_details":{"cached_tokens":30,"audio_tokens":null},"completion_tokens_details":{"reasoning_tokens":20}}}
            """)
        #expect(event.patch.observationPatch?.providedUsageDetails == .value([
            "input": 70, "input_cached_tokens": 30, "output": 30, "output_reasoning_tokens": 20, "total": 150,
        ]))
    }

    @Test func openAIResponsesUsageDetailsAreSplit() {
        let event = T.event("generation-create", id: "e", at: "2026-11-25T09:00:00Z", body: """
            {"id":"g","usageDetails":{"input_tokens":10,"output_tokens":5,"total_tokens":15,"input_tokens_details":{"cached_tokens":20}}}
            """)
        #expect(event.patch.observationPatch?.providedUsageDetails == .value(["input": 0, "input_cached_tokens": 20, "output": 5, "total": 15]))
    }

    /// Only the whole OpenAI shape (input, output and total counts) is renamed, as in Langfuse's
    /// server; a partial set is an ordinary usage map, stored as sent.
    @Test(arguments: [
        #"{"prompt_tokens":10,"completion_tokens":5}"#,
        #"{"input_tokens":10,"output_tokens":5}"#,
        #"{"prompt_tokens":10,"total_tokens":15}"#,
        #"{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15,"cached":2}"#,
    ])
    func partialOpenAIUsageDetailsAreKeptAsSent(usage: String) {
        let event = T.event("generation-create", id: "e", at: "2026-11-25T09:00:00Z", body: #"{"id":"g","usageDetails":\#(usage)}"#)
        #expect(event.patch.observationPatch?.providedUsageDetails == .value(T.object(usage).mapValues { $0.numberValue! }))
    }

    @Test func rawUsageDetailsMapAcceptsIntegerStrings() {
        let event = T.event("generation-create", id: "e", at: "2026-11-25T09:00:00Z", body: """
            {"id":"g","usage":{"input":1,"output":2},"usageDetails":{"input":5,"cache_read":"7","skip":null}}
            """)
        #expect(event.patch.observationPatch?.providedUsageDetails == .value(["input": 5, "output": 2, "cache_read": 7]))
    }

    @Test func costDetailsKeepNumbersAndSkipNulls() {
        let event = T.event("generation-create", id: "e", at: "2026-11-25T09:00:00Z", body: """
            {"id":"g","costDetails":{"input":0.5,"output":null,"total":0}}
            """)
        #expect(event.patch.observationPatch?.providedCostDetails == .value(["input": 0.5, "total": 0]))
    }

    @Test(arguments: [#"{"input":-1}"#, #"{"total":"0.5"}"#, #"{"input":1e10}"#, #"{"input":[1]}"#])
    func badCostDetailsRefuseTheEvent(costs: String) throws {
        let rejection = try #require(T.rejection(T.envelope("generation-create", id: "e", at: "2026-11-25T09:00:00Z", body: """
            {"id":"g","costDetails":\(costs)}
            """)))
        #expect(rejection.error.contains("costDetails.") || rejection.message.contains("costDetails."), "\(rejection)")
    }

    @Test func nonObjectMetadataIsWrapped() {
        let event = T.event("trace-create", id: "e", at: "2026-11-25T09:00:00Z", body: #"{"id":"t","metadata":"plain"}"#)
        #expect(event.patch.tracePatch?.metadata == .value(["metadata": "plain"]))
    }

    @Test func createsWithoutBodyIdAreAcceptedWithoutEntity() {
        let event = T.event("trace-create", id: "e", at: "2026-11-25T09:00:00Z", body: #"{"name":"no id"}"#)
        #expect(event.entity == nil)
    }

    @Test func freeFormAndHexIdsAreKeptVerbatim() {
        let event = T.event("span-create", id: "e", at: "2026-11-25T09:00:00Z", body: """
            {"id":"my span/1 ✓","traceId":"f34d3de6961d53e86a70c7cc4a337166","parentObservationId":"afd6970d923c8d7b"}
            """)
        #expect(event.entity?.id == "my span/1 ✓")
        #expect(event.patch.observationPatch?.traceId == .value("f34d3de6961d53e86a70c7cc4a337166"))
        #expect(event.patch.observationPatch?.parentObservationId == .value("afd6970d923c8d7b"))
    }

    @Test func scoreDataTypesAreInferredAndChecked() {
        let numeric = T.event("score-create", id: "e", at: "2026-11-25T09:00:00Z", body: #"{"id":"s","traceId":"t","name":"q","value":0.5}"#)
        #expect(numeric.patch.scorePatch?.dataType == .value("NUMERIC"))
        let categorical = T.event("score-create", id: "e", at: "2026-11-25T09:00:00Z", body: #"{"id":"s","traceId":"t","name":"q","value":"good"}"#)
        #expect(categorical.patch.scorePatch?.dataType == .value("CATEGORICAL"))
        #expect(categorical.patch.scorePatch?.stringValue == .value("good"))
        let boolean = T.event("score-create", id: "e", at: "2026-11-25T09:00:00Z", body: #"{"id":"s","sessionId":"x","name":"q","value":1,"dataType":"BOOLEAN"}"#)
        #expect(boolean.patch.scorePatch?.stringValue == .value("True"))
        #expect(boolean.traceId == nil)
        let correction = T.event("score-create", id: "e", at: "2026-11-25T09:00:00Z", body: #"{"id":"s","traceId":"t","name":"x","value":"fixed","dataType":"CORRECTION"}"#)
        #expect(correction.patch.scorePatch?.name == .value("output"))
    }

    @Test(arguments: [
        (#"{"traceId":"t","name":"q","value":2,"dataType":"BOOLEAN"}"#, "BOOLEAN"),
        (#"{"traceId":"t","name":"q","value":"x","dataType":"NUMERIC"}"#, "NUMERIC"),
        (#"{"traceId":"t","name":"q","value":1,"dataType":"CATEGORICAL"}"#, "CATEGORICAL"),
        (#"{"traceId":"t","name":"q","value":"","dataType":"TEXT"}"#, "TEXT"),
        (#"{"traceId":"t","name":"q","value":"x","dataType":"CORRECTION","configId":"c"}"#, "configId"),
        (#"{"name":"q","value":1}"#, "exactly one"),
        (#"{"traceId":"t","sessionId":"s","name":"q","value":1}"#, "exactly one"),
        (#"{"traceId":"t","name":"","value":1}"#, "body.name"),
        (#"{"traceId":"t","name":"q"}"#, "body.value"),
        (#"{"traceId":"t","name":"q","value":[1]}"#, "body.value"),
        (#"{"sessionId":"s","observationId":"o","name":"q","value":1}"#, "observationId"),
        (#"{"traceId":"t","name":"q","value":1,"source":"HUMAN"}"#, "body.source"),
    ])
    func invalidScoresAreRejectedWithTheReason(body: String, reason: String) throws {
        let rejection = try #require(T.rejection(T.envelope("score-create", id: "e", at: "2026-11-25T09:00:00Z", body: body)))
        #expect(rejection.status == 400)
        #expect(rejection.message == "Invalid request data")
        #expect(rejection.error.contains(reason), "\(rejection.error)")
    }

    @Test(arguments: [
        (#"{"id":"e","type":"trace-create","timestamp":"2026-11-25T09:00:00Z","body":{"id":"t","name":5}}"#, "body.name: expected a string, got a number"),
        (#"{"id":"e","type":"trace-create","timestamp":"2026-11-25T09:00:00Z","body":{"id":"t","tags":"x"}}"#, "body.tags"),
        (#"{"id":"e","type":"trace-create","timestamp":"2026-11-25T09:00:00Z","body":{"id":"t","tags":[1]}}"#, "body.tags"),
        (#"{"id":"e","type":"trace-create","timestamp":"2026-11-25T09:00:00Z","body":{"id":7}}"#, "body.id"),
        (#"{"id":"e","type":"trace-create","timestamp":"2026-11-25T09:00:00Z","body":{"id":"t","public":"yes"}}"#, "body.public"),
        (#"{"id":"e","type":"trace-create","timestamp":"2026-11-25T09:00:00Z","body":{"id":"t","timestamp":"soon"}}"#, "body.timestamp"),
        (#"{"id":"e","type":"bogus-create","timestamp":"2026-11-25T09:00:00Z","body":{}}"#, "unknown event type 'bogus-create'"),
        (#"{"id":"e","type":"langfarm-score-delete","timestamp":"2026-11-25T09:00:00Z","body":{"id":"s"}}"#, "unknown event type"),
        (#"{"id":"e","type":"dataset-run-item-create","timestamp":"2026-11-25T09:00:00Z","body":{}}"#, "dataset-run-item-create"),
        (#"{"id":"e","type":"trace-create","body":{}}"#, "event.timestamp: is required"),
        (#"{"id":"e","type":"trace-create","timestamp":"2026-11-25T09:00:00Z"}"#, "event.body: is required"),
        (#"{"type":"trace-create","timestamp":"2026-11-25T09:00:00Z","body":{}}"#, "event.id: is required"),
        (#"{"id":"","type":"trace-create","timestamp":"2026-11-25T09:00:00Z","body":{}}"#, "event.id: must not be empty"),
        (#"{"id":"a\rb","type":"trace-create","timestamp":"2026-11-25T09:00:00Z","body":{}}"#, "carriage return"),
        (#"{"id":"e","type":"span-create","timestamp":"2026-11-25T09:00:00Z","body":{"traceId":"t"}}"#, "body.id: is required"),
        (#"{"id":"e","type":"span-update","timestamp":"2026-11-25T09:00:00Z","body":{"id":"s","level":"LOUD"}}"#, "body.level"),
        (#"{"id":"e","type":"generation-create","timestamp":"2026-11-25T09:00:00Z","body":{"id":"g","promptName":"p"}}"#, "promptVersion"),
        (#"{"id":"e","type":"generation-create","timestamp":"2026-11-25T09:00:00Z","body":{"id":"g","usage":{"input":"ten"}}}"#, "body.usage.input"),
        (#"{"id":"e","type":"generation-create","timestamp":"2026-11-25T09:00:00Z","body":{"id":"g","usage":{"unit":"PARSECS"}}}"#, "body.usage.unit"),
        (#"{"id":"e","type":"generation-create","timestamp":"2026-11-25T09:00:00Z","body":{"id":"g","usageDetails":{"input":-1}}}"#, "body.usageDetails.input"),
        (#"{"id":"e","type":"generation-create","timestamp":"2026-11-25T09:00:00Z","body":{"id":"g","modelParameters":{"x":{"y":1}}}}"#, "body.modelParameters.x"),
        (#"{"id":"e","type":"observation-create","timestamp":"2026-11-25T09:00:00Z","body":{"id":"o"}}"#, "body.type: is required"),
        (#"[1,2]"#, "event: expected an object"),
    ])
    func invalidEventsNameTheProblem(envelope: String, reason: String) throws {
        let rejection = try #require(T.rejection(T.json(envelope)))
        #expect(rejection.status == 400)
        #expect(rejection.error.contains(reason), "\(rejection.error)")
    }

    @Test func idsLongerThan800CharactersAreRejected() throws {
        let long = String(repeating: "x", count: 801)
        let envelopeRejection = try #require(T.rejection(T.envelope("trace-create", id: long, at: "2026-11-25T09:00:00Z", body: "{}")))
        #expect(envelopeRejection.error.contains("at most 800"))
        let bodyRejection = try #require(T.rejection(T.envelope("trace-create", id: "e", at: "2026-11-25T09:00:00Z", body: #"{"id":"\#(long)"}"#)))
        #expect(bodyRejection.error.contains("body.id"))
        let exactly800 = String(repeating: "y", count: 800)
        #expect(T.event("trace-create", id: "e", at: "2026-11-25T09:00:00Z", body: #"{"id":"\#(exactly800)"}"#).entity?.id == exactly800)
    }
}
