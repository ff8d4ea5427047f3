import Foundation
import LangfarmCore
import Testing
@testable import LangfarmIngest

/// OTLP spans → Langfuse events (compat §3), checked on the envelopes and on what the normal
/// ingestion path makes of them.
@Suite struct OTLPSpanMapperTests {
    static let traceId = "6c929117d0ccdd24554bc81b4aa39806"
    static let rootId = "d8b7958c107b812a"
    static let start: UInt64 = 1_795_600_289_518_415_903
    static let end: UInt64 = 1_795_600_289_618_415_903
    static let sdkScope = OTLPScope(name: "langfuse-sdk", version: "4.18.0", attributes: ["public_key": "pk-lf-test"])

    /// Trace attributes the Langfuse SDK propagates to every span.
    static let traceAttributes: [String: JSONValue] = [
        "user.id": "user-1", "session.id": "sess-1", "langfuse.trace.name": "feas-trace",
        "langfuse.trace.tags": .array(["feas"]), "langfuse.trace.metadata.env": "\"test\"",
    ]

    static func span(_ id: String, parent: String?, name: String, _ attributes: [String: JSONValue], scope: OTLPScope = sdkScope) -> OTLPSpan {
        OTLPSpan(traceId: traceId, spanId: id, parentSpanId: parent, name: name, startTimeUnixNano: start, endTimeUnixNano: end,
                 attributes: attributes, resource: ["service.name": "test-app"], scope: scope)
    }

    /// Every envelope the mapper makes of `spans`, in order.
    static func envelopes(_ spans: [OTLPSpan]) -> [JSONValue] {
        var envelopes: [JSONValue] = []
        OTLPSpanMapper.forEachEnvelope(spans, receivedAt: 1) { envelopes.append($0) }
        return envelopes
    }

    /// The events the ingestion path makes of the envelopes; every envelope must be valid.
    static func normalised(_ spans: [OTLPSpan]) throws -> [NormalisedEvent] {
        try Self.envelopes(spans).map { envelope in
            switch EventNormaliser.normalise(envelope) {
            case .success(let event): return event
            case .failure(let rejection): throw rejection
            }
        }
    }

    static func envelope(_ envelopes: [JSONValue], type: String, bodyId: String) -> JSONValue? {
        envelopes.first { $0["type"]?.stringValue == type && $0["body"]?["id"]?.stringValue == bodyId }
    }

    /// The trace as stored: what reading it back returns.
    static func storedTrace(_ spans: [OTLPSpan]) throws -> TraceRow {
        let events = try normalised(spans).filter { $0.entity == EntityRef(kind: .trace, id: traceId) }
        return try #require(RowBuilder.trace(RecordMerger.foldTrace(events), projectId: "p", partition: PartitionTime(createdAt: 1), updatedAt: 1))
    }

    /// The observation as stored: what reading it back returns.
    static func storedObservation(_ spans: [OTLPSpan], id: String) throws -> ObservationRow {
        let events = try normalised(spans).filter { $0.entity == EntityRef(kind: .observation, id: id) }
        return try #require(RowBuilder.observation(
            RecordMerger.foldObservation(events), projectId: "p", partition: PartitionTime(createdAt: 1), updatedAt: 1
        ))
    }

    @Test func langfuseSDKSpansBecomeTraceAndObservations() throws {
        let spans = [
            Self.span(Self.rootId, parent: nil, name: "outer-span", Self.traceAttributes.merging([
                "langfuse.observation.type": "span", "langfuse.observation.input": #"{"step": 1}"#,
                "langfuse.observation.output": #"{"done": true}"#,
            ]) { $1 }),
            Self.span("e6492098 4fc0193d".replacingOccurrences(of: " ", with: ""), parent: Self.rootId, name: "llm-call", Self.traceAttributes.merging([
                "langfuse.observation.type": "generation", "langfuse.observation.model.name": "gpt-4o",
                "langfuse.observation.usage_details": #"{"input": 10, "output": 5, "total": 15}"#,
                "langfuse.observation.cost_details": #"{"input": 0.0001, "output": 0.0002}"#,
                "langfuse.observation.model.parameters": #"{"temperature": 0.2, "max_tokens": 100}"#,
                "langfuse.observation.input": #"[{"role": "user", "content": "hi"}]"#,
                "langfuse.observation.metadata.attempt": "2",
            ]) { $1 }),
        ]
        let envelopes = Self.envelopes(spans)
        _ = try Self.normalised(spans)

        let trace = try #require(Self.envelope(envelopes, type: "trace-create", bodyId: Self.traceId))
        #expect(trace["body"]?["name"] == "feas-trace")
        #expect(trace["body"]?["userId"] == "user-1")
        #expect(trace["body"]?["sessionId"] == "sess-1")
        #expect(trace["body"]?["tags"] == .array(["feas"]))
        #expect(trace["body"]?["metadata"]?["env"] == "test", "JSON-encoded metadata values are decoded")

        let root = try #require(Self.envelope(envelopes, type: "span-create", bodyId: Self.rootId))
        #expect(root["body"]?["parentObservationId"] == nil)
        #expect(root["body"]?["input"] == .object(["step": .number(1)]))
        #expect(root["body"]?["metadata"]?["attributes"] == nil, "Langfuse SDK attributes are all mapped, not repeated")
        #expect(root["body"]?["metadata"]?["scope"]?["name"] == "langfuse-sdk")
        #expect(root["body"]?["metadata"]?["resourceAttributes"] == .object(["service.name": "test-app"]))
        #expect(root["body"]?["startTime"] == "2026-11-25T09:51:29.518Z")

        let generation = try #require(Self.envelope(envelopes, type: "generation-create", bodyId: "e64920984fc0193d"))
        let body = try #require(generation["body"])
        #expect(body["parentObservationId"] == .string(Self.rootId))
        #expect(body["model"] == "gpt-4o")
        #expect(body["usageDetails"] == .object(["input": .number(10), "output": .number(5), "total": .number(15)]))
        #expect(body["costDetails"] == .object(["input": .number(0.0001), "output": .number(0.0002)]))
        #expect(body["modelParameters"] == .object(["temperature": .number(0.2), "max_tokens": .number(100)]))
        #expect(body["metadata"]?["attempt"] == .number(2))
        #expect(generation["id"] == "otel-e64920984fc0193d", "envelope ids derive from span ids, so a retried export is a no-op")
    }

    @Test func genAISemanticConventionsMakeAPricedGeneration() throws {
        let span = Self.span("0000000000000abc", parent: nil, name: "chat gpt-4o", [
            "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o", "gen_ai.request.temperature": .number(0.5),
            "gen_ai.usage.input_tokens": .number(120), "gen_ai.usage.output_tokens": .number(30),
            "gen_ai.usage.cache_read_input_tokens": .number(20),
            "gen_ai.input.messages": #"[{"role":"user","parts":[{"type":"text","content":"hi"}]}]"#,
            "gen_ai.system_instructions": #"[{"type":"text","content":"be brief"}]"#,
            "gen_ai.output.messages": #"[{"role":"assistant","parts":[{"type":"text","content":"hello"}]}]"#,
        ], scope: OTLPScope(name: "opentelemetry.instrumentation.openai"))
        let envelopes = Self.envelopes([span])
        _ = try Self.normalised([span])
        let generation = try #require(Self.envelope(envelopes, type: "generation-create", bodyId: "0000000000000abc"))
        let body = try #require(generation["body"])
        #expect(body["model"] == "gpt-4o")
        #expect(body["modelParameters"] == .object(["temperature": .number(0.5)]))
        #expect(body["usageDetails"] == .object(["input": .number(100), "output": .number(30), "input_cached_tokens": .number(20)]))
        #expect(body["input"]?.arrayValue?.count == 2, "system instructions come first")
        #expect(body["input"]?[0]?["role"] == "system")
        #expect(body["output"]?[0]?["role"] == "assistant")
        #expect(body["metadata"]?["attributes"]?["gen_ai.operation.name"] == "chat", "other instrumentations keep their attributes")
        let trace = try #require(Self.envelope(envelopes, type: "trace-create", bodyId: Self.traceId)?["body"])
        #expect(trace["name"] == "chat gpt-4o")
        #expect(trace["metadata"]?["attributes"]?["gen_ai.operation.name"] == "chat", "a root span's metadata is also the trace's")
        #expect(trace["metadata"]?["scope"]?["name"] == "opentelemetry.instrumentation.openai")
    }

    /// OpenLLMetry's usage attributes (captured from opentelemetry-instrumentation-openai 0.62
    /// by tests/e2e/test_clients_otel.py): `cache_read.input_tokens` is the cached part of the
    /// input, while a plain `reasoning_tokens` is no reasoning key of Langfuse's, so it is kept
    /// as sent and not subtracted; `details.`-prefixed keys lose the prefix.
    @Test func openLLMetryUsageIsReadAsLangfuseReadsIt() throws {
        let span = Self.span("0000000000000abd", parent: nil, name: "openai.chat", [
            "gen_ai.operation.name": "chat", "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
            "gen_ai.usage.input_tokens": .number(150), "gen_ai.usage.output_tokens": .number(20),
            "gen_ai.usage.total_tokens": .number(170), "gen_ai.usage.cache_read.input_tokens": .number(64),
            "gen_ai.usage.reasoning_tokens": .number(3), "gen_ai.usage.details.accepted_prediction_tokens": .number(2),
        ], scope: OTLPScope(name: "opentelemetry.instrumentation.openai.v1"))
        let body = try #require(Self.envelope(Self.envelopes([span]), type: "generation-create", bodyId: "0000000000000abd")?["body"])
        #expect(body["usageDetails"] == .object([
            "input": .number(86), "input_cached_tokens": .number(64), "output": .number(20), "total": .number(170),
            "reasoning_tokens": .number(3), "accepted_prediction_tokens": .number(2),
        ]))
    }

    /// OpenInference attributes as opentelemetry-instrumentation 0.1.66 sends them (see
    /// tests/e2e/test_clients_otel.py): what was read as input and output is not repeated in
    /// `metadata.attributes`, and the rest is kept as text, as Langfuse keeps it.
    @Test func metadataAttributesLeaveOutInputAndOutputAndAreText() throws {
        let span = Self.span("0000000000000abe", parent: nil, name: "ChatCompletion", [
            "openinference.span.kind": "LLM", "llm.model_name": "gpt-4o-mini-2024-07-18", "llm.system": "openai",
            "input.value": #"{"messages":[]}"#, "output.value": #"{"choices":[]}"#, "input.mime_type": "application/json",
            "llm.input_messages.0.message.content": "hi", "llm.output_messages.0.message.content": "hello",
            "llm.token_count.prompt": .number(10), "llm.invocation_parameters": #"{"temperature":0}"#,
            "gen_ai.response.finish_reasons": .array(["stop"]), "langfuse.observation.metadata.team": "search",
        ], scope: OTLPScope(name: "openinference.instrumentation.openai"))
        let body = try #require(Self.envelope(Self.envelopes([span]), type: "generation-create", bodyId: "0000000000000abe")?["body"])
        #expect(body["metadata"]?["attributes"] == .object([
            "openinference.span.kind": "LLM", "llm.model_name": "gpt-4o-mini-2024-07-18", "llm.system": "openai",
            "input.mime_type": "application/json", "llm.token_count.prompt": "10",
            "llm.invocation_parameters": #"{"temperature":0}"#, "gen_ai.response.finish_reasons": #"["stop"]"#,
        ]))
        #expect(body["metadata"]?["team"] == "search")
    }

    /// Langfuse's type mappers in their order (ObservationTypeMapper.ts): the Vercel AI SDK's
    /// outer operation names its model only by `ai.model.id`, which is no model key of the
    /// fallback, so it stays a span; its model call is a generation; an outer `ai.embed` is a
    /// span, its `doEmbed` an embedding; `llm.response.model` alone makes no generation.
    @Test func typesFollowLangfuseMappersInOrder() throws {
        let cases: [(String, [String: JSONValue], String)] = [
            ("0000000000000b01", ["ai.operationId": "ai.generateText", "operation.name": "ai.generateText my-fn", "ai.model.id": "gpt-4o"], "span-create"),
            ("0000000000000b02", ["ai.operationId": "ai.generateText.doGenerate", "ai.model.id": "gpt-4o", "gen_ai.request.model": "gpt-4o"], "generation-create"),
            ("0000000000000b03", ["operation.name": "ai.generateText.doGenerate my-fn"], "span-create"),
            ("0000000000000b04", ["ai.operationId": "ai.embed", "ai.model.id": "text-embedding-3-small"], "span-create"),
            ("0000000000000b05", ["ai.operationId": "ai.embed.doEmbed", "ai.model.id": "text-embedding-3-small"], "embedding-create"),
            ("0000000000000b06", ["ai.operationId": "ai.toolCall", "ai.toolCall.name": "search"], "tool-create"),
            ("0000000000000b07", ["llm.response.model": "gpt-4o"], "span-create"),
            ("0000000000000b08", ["llm.model_name": "gpt-4o"], "generation-create"),
        ]
        for (id, attributes, type) in cases {
            let span = Self.span(id, parent: Self.rootId, name: "op", attributes, scope: OTLPScope(name: "ai"))
            let envelopes = Self.envelopes([span])
            #expect(Self.envelope(envelopes, type: type, bodyId: id) != nil, "\(attributes) should make a \(type)")
        }
    }

    /// An experiment run puts its name and run on the root span's observation metadata; Langfuse
    /// makes that the trace's metadata too, beside the trace metadata, resource and scope.
    @Test func rootSpanMetadataIsAlsoTheTraceMetadata() throws {
        let root = Self.span(Self.rootId, parent: nil, name: "experiment-item-run", [
            "langfuse.trace.metadata.env": "\"test\"", "langfuse.trace.metadata.source": "trace",
            "langfuse.observation.metadata.experiment_name": "capitals",
            "langfuse.observation.metadata.experiment_run_name": "run-1", "langfuse.observation.metadata.source": "span",
        ])
        let child = Self.span("00000000000000d1", parent: Self.rootId, name: "step", [
            "langfuse.trace.metadata.env": "\"test\"", "langfuse.observation.metadata.step": "1",
        ])
        let envelopes = Self.envelopes([root, child])
        let origin: [String: JSONValue] = [
            "resourceAttributes": ["service.name": "test-app"],
            "scope": ["name": "langfuse-sdk", "version": "4.18.0", "attributes": ["public_key": "pk-lf-test"]],
        ]
        let rootUpdate = try #require(envelopes.first { $0["id"] == .string("otel-trace-\(Self.rootId)") })
        #expect(rootUpdate["body"]?["metadata"] == .object(origin.merging([
            "env": "test", "experiment_name": "capitals", "experiment_run_name": "run-1", "source": "span",
        ]) { $1 }), "the span's own metadata wins over trace metadata of the same key")
        let childUpdate = try #require(envelopes.first { $0["id"] == "otel-trace-00000000000000d1" })
        #expect(childUpdate["body"]?["metadata"] == .object(origin.merging(["env": "test"]) { $1 }), "only a root span's metadata")

        let stored = try Self.storedTrace([root, child])
        #expect(stored.metadata["experiment_name"] == "capitals")
        #expect(stored.metadata["experiment_run_name"] == "run-1")
        #expect(stored.metadata["env"] == "test")
        #expect(stored.metadata["step"] == nil)
    }

    /// Langfuse's OTel processor keeps string and number parameters and stores any other value as
    /// its JSON text; prefixed attributes are taken as sent, so a string stays a string.
    @Test func modelParametersOtherThanStringsAndNumbersAreStoredAsJSONText() throws {
        let sdk = Self.span("00000000000000e1", parent: Self.rootId, name: "llm", [
            "langfuse.observation.type": "generation", "langfuse.observation.model.name": "gpt-4o",
            "langfuse.observation.model.parameters":
                #"{"temperature":0.2,"top_p":"0.9","stop":["a","b"],"stream":true,"seed":null,"logit_bias":{"50256":-100}}"#,
        ])
        #expect(try Self.storedObservation([sdk], id: "00000000000000e1").modelParameters == [
            "temperature": 0.2, "top_p": "0.9", "stop": #"["a","b"]"#, "stream": "true", "seed": "null", "logit_bias": #"{"50256":-100}"#,
        ])

        let genAI = Self.span("00000000000000e2", parent: Self.rootId, name: "chat", [
            "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o", "gen_ai.request.max_tokens": 100,
            "gen_ai.request.temperature": "0.70", "gen_ai.request.stop_sequences": ["a", "b"],
        ], scope: OTLPScope(name: "opentelemetry.instrumentation.openai"))
        #expect(try Self.storedObservation([genAI], id: "00000000000000e2").modelParameters == [
            "max_tokens": 100, "temperature": "0.70", "stop_sequences": #"["a","b"]"#,
        ])
    }

    /// The SDK sends `usage_details` as given; Langfuse renames OpenAI keys only for the whole
    /// OpenAI shape, on the OTel path as on the batch path.
    @Test func openAIUsageKeysAreRenamedOnlyForTheWholeShape() throws {
        func storedUsage(_ usage: String) throws -> [String: Double] {
            let span = Self.span("00000000000000f3", parent: Self.rootId, name: "llm", [
                "langfuse.observation.type": "generation", "langfuse.observation.usage_details": .string(usage),
            ])
            return try Self.storedObservation([span], id: "00000000000000f3").usageDetails
        }
        #expect(try storedUsage(#"{"prompt_tokens":10,"completion_tokens":5}"#) == ["prompt_tokens": 10, "completion_tokens": 5, "total": 15])
        #expect(try storedUsage(#"{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}"#) == ["input": 10, "output": 5, "total": 15])
    }

    @Test func openInferenceSpans() throws {
        let span = Self.span("00000000000000aa", parent: Self.rootId, name: "ChatOpenAI", [
            "openinference.span.kind": "LLM", "llm.model_name": "gpt-4o-mini",
            "llm.token_count.prompt": .number(50), "llm.token_count.completion": .number(7), "llm.token_count.total": .number(57),
            "llm.input_messages.0.message.role": "user", "llm.input_messages.0.message.content": "hi",
            "llm.input_messages.1.message.role": "assistant", "llm.input_messages.1.message.content": "yo",
            "output.value": "done",
        ], scope: OTLPScope(name: "openinference.instrumentation.langchain"))
        let envelopes = Self.envelopes([span])
        _ = try Self.normalised([span])
        let body = try #require(Self.envelope(envelopes, type: "generation-create", bodyId: "00000000000000aa")?["body"])
        #expect(body["model"] == "gpt-4o-mini")
        #expect(body["usageDetails"] == .object(["input": .number(50), "output": .number(7), "total": .number(57)]))
        #expect(body["input"] == .array([
            .object(["message": .object(["role": "user", "content": "hi"])]),
            .object(["message": .object(["role": "assistant", "content": "yo"])]),
        ]))
        #expect(body["output"] == "done")
    }

    @Test func aSpanOfAnUnseenTraceCreatesAShallowTraceUnlessTheExportDescribesIt() throws {
        let child = Self.span("00000000000000c1", parent: Self.rootId, name: "child", ["deployment.environment": "staging"])
        let alone = Self.envelopes([child])
        let shallow = try #require(Self.envelope(alone, type: "trace-create", bodyId: Self.traceId))
        #expect(shallow["body"] == .object(["id": .string(Self.traceId), "timestamp": "2026-11-25T09:51:29.518Z", "environment": "staging"]))
        #expect(shallow["id"] == .string("otel-trace-\(Self.traceId)"))

        let withRoot = Self.envelopes([child, Self.span(Self.rootId, parent: nil, name: "root", [:])])
        let traces = withRoot.filter { $0["type"] == "trace-create" }
        #expect(traces.count == 1)
        #expect(traces.first?["body"]?["name"] == "root")
    }

    @Test func levelsStatusAndTimes() throws {
        var failed = Self.span("00000000000000f1", parent: Self.rootId, name: "boom", [:])
        failed.statusCode = 2
        failed.statusMessage = "timeout"
        var warned = Self.span("00000000000000f2", parent: Self.rootId, name: "warn", ["langfuse.observation.level": "WARN"])
        warned.startTimeUnixNano = nil
        let envelopes = Self.envelopes([failed, warned])
        _ = try Self.normalised([failed, warned])
        let error = try #require(Self.envelope(envelopes, type: "span-create", bodyId: "00000000000000f1")?["body"])
        #expect(error["level"] == "ERROR")
        #expect(error["statusMessage"] == "timeout")
        let warning = try #require(Self.envelope(envelopes, type: "span-create", bodyId: "00000000000000f2")?["body"])
        #expect(warning["level"] == "WARNING")
        #expect(warning["startTime"] == warning["endTime"], "a missing start copies the end")
    }

    @Test func toolAndAgentTypes() throws {
        let tool = Self.span("00000000000000b1", parent: Self.rootId, name: "execute_tool", [
            "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "search", "gen_ai.tool.call.arguments": #"{"q":"x"}"#,
            "gen_ai.tool.call.result": "found",
        ])
        let agent = Self.span("00000000000000b2", parent: Self.rootId, name: "agent", ["langfuse.observation.type": "agent"])
        let envelopes = Self.envelopes([tool, agent])
        _ = try Self.normalised([tool, agent])
        let toolBody = try #require(Self.envelope(envelopes, type: "tool-create", bodyId: "00000000000000b1")?["body"])
        #expect(toolBody["name"] == "search")
        #expect(toolBody["input"] == .object(["q": "x"]))
        #expect(toolBody["output"] == "found")
        #expect(Self.envelope(envelopes, type: "agent-create", bodyId: "00000000000000b2") != nil)
    }
}

/// Leaving out repeated trace updates must not change what folding makes of the trace.
@Suite struct OTLPRepeatedTraceUpdateTests {
    typealias M = OTLPSpanMapperTests

    @Test func repeatedUpdatesAreDroppedAndTheFoldIsUnchanged() throws {
        let propagated = M.traceAttributes
        var spans = (0..<5).map { n in
            M.span(String(format: "%016x", 0x100 + n), parent: M.rootId, name: "child-\(n)", propagated)
        }
        spans.append(M.span(M.rootId, parent: nil, name: "root", propagated.merging(["langfuse.observation.input": "\"q\""]) { $1 }))
        for index in spans.indices { spans[index].startTimeUnixNano = M.start + UInt64(index) * 1_000_000 }
        let plan = OTLPExportPlan.plan(spans, receivedAt: 1)
        #expect(plan.rejections.isEmpty)
        let traceUpdates = plan.accepted.filter { $0.type == .traceCreate }
        #expect(traceUpdates.count == 2, "one for the children's identical updates, one for the root's different one")
        #expect(plan.accepted.count == spans.count + 2, "every observation is kept")

        // Mapped one span at a time, no update repeats another.
        let everyUpdate = try spans.flatMap { try M.normalised([$0]) }.filter { $0.type == .traceCreate }
        #expect(everyUpdate.count == 6)
        #expect(RecordMerger.foldTrace(traceUpdates) == RecordMerger.foldTrace(everyUpdate))
    }

    /// An update between two equal ones in fold order is kept, and so is the later equal one:
    /// leaving it out would let the middle one win.
    @Test func anUpdateEqualToAnEarlierButNotTheLastIsKept() throws {
        var spans = ["a", "b", "a"].enumerated().map { index, name in
            M.span(String(format: "%016x", 0x200 + index), parent: M.rootId, name: "child", ["langfuse.trace.name": .string(name)])
        }
        for index in spans.indices { spans[index].startTimeUnixNano = M.start + UInt64(index) * 1_000_000 }
        let traceUpdates = OTLPExportPlan.plan(spans, receivedAt: 1).accepted.filter { $0.type == .traceCreate }
        #expect(traceUpdates.count == 3)
        #expect(RecordMerger.foldTrace(traceUpdates).name == .value("a"))
    }
}
