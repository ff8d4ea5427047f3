import Foundation
import LangfarmCore

/// Turns OTLP spans into Langfuse ingestion envelopes (compat §3), which then take the same path
/// as batch events: validation, merge rules, pricing, partition time, group commit.
///
/// Each span becomes one `<type>-create` observation event; a span that is a root or carries
/// trace attributes also becomes a `trace-create`; a trace that no span of the export describes
/// gets a minimal one (id, start time, environment) that later spans enrich. Envelope ids are
/// derived from span ids, so an exporter retrying an export changes nothing.
public enum OTLPSpanMapper {
    /// Passes each span's observation envelope to `body` as it is made, then the export's trace
    /// updates without repeats (`OTLPTraceUpdates`), then a minimal trace for each trace no span
    /// described. Each span is freed once mapped, and a caller that turns each envelope into an
    /// event at once never holds an export's trees together: an export of 160,000 spans would
    /// hold hundreds of megabytes.
    public static func forEachEnvelope(
        _ spans: consuming [OTLPSpan], receivedAt: EpochMillis, _ body: (JSONValue) throws -> Void
    ) rethrows {
        var traceUpdates = OTLPTraceUpdates()
        var describedTraces: Set<String> = []
        var shallowTraces: [String: JSONValue] = [:]
        try spans.forEachReleasing { span in
            let attributes = OTLPAttributes(span.attributes)
            let (start, end) = times(span, receivedAt: receivedAt)
            try body(observationEnvelope(span, attributes: attributes, start: start, end: end))
            let isRoot = span.parentSpanId == nil || attributes.string("langfuse.internal.as_root") == "true"
            if isRoot || OTLPTraceAttributes.updatesTrace(attributes) {
                traceUpdates.add(
                    id: "otel-trace-\(span.spanId)", timestamp: start, traceId: span.traceId,
                    body: traceBody(span, attributes: attributes, isRoot: isRoot, start: start)
                )
                describedTraces.insert(span.traceId)
            } else if shallowTraces[span.traceId] == nil {
                shallowTraces[span.traceId] = envelope(
                    id: "otel-trace-\(span.traceId)", type: "trace-create", timestamp: start,
                    body: compact(["id": .string(span.traceId), "timestamp": time(start), "environment": optional(OTLPTraceAttributes.environment(span))])
                )
            }
        }
        try traceUpdates.forEachUnrepeated { id, timestamp, update in
            try body(envelope(id: id, type: "trace-create", timestamp: timestamp, body: .object(update)))
        }
        for (traceId, shallow) in shallowTraces.sorted(by: { $0.key < $1.key }) where !describedTraces.contains(traceId) {
            try body(shallow)
        }
    }

    private static func observationEnvelope(_ span: OTLPSpan, attributes: OTLPAttributes, start: EpochMillis, end: EpochMillis) -> JSONValue {
        let model = attributes.string(
            "langfuse.observation.model.name", "gen_ai.response.model", "ai.model.id", "gen_ai.request.model",
            "llm.response.model", "llm.model_name", "model"
        )
        let type = OTLPObservationType.of(attributes)
        let isRootOverride = attributes.string("langfuse.internal.as_root") == "true"
        var body: [String: JSONValue] = [
            "id": .string(span.spanId),
            "traceId": .string(span.traceId),
            "parentObservationId": isRootOverride ? .null : optional(span.parentSpanId),
            "name": .string(name(span, attributes: attributes)),
            "startTime": time(start),
            "endTime": time(end),
            "input": OTLPInputOutput.input(attributes, events: span.events) ?? .null,
            "output": OTLPInputOutput.output(attributes, events: span.events) ?? .null,
            "metadata": .object(metadata(span, attributes: attributes)),
            "level": .string(level(span, attributes: attributes)),
            "statusMessage": optional(attributes.string("langfuse.observation.status_message") ?? span.statusMessage),
            "model": optional(model),
            "modelParameters": modelParameters(attributes) ?? .null,
            "usageDetails": OTLPUsage.details(attributes) ?? .null,
            "costDetails": OTLPUsage.cost(attributes) ?? .null,
            "completionStartTime": completionStart(attributes, start: start),
            "environment": optional(OTLPTraceAttributes.environment(span)),
            "version": optional(OTLPTraceAttributes.version(span)),
        ]
        if type == "GENERATION" {
            body["promptName"] = optional(attributes.string("langfuse.observation.prompt.name"))
            body["promptVersion"] = attributes.json("langfuse.observation.prompt.version").flatMap { $0.numberValue.map(JSONValue.number) } ?? .null
        }
        return envelope(id: "otel-\(span.spanId)", type: "\(type.lowercased())-create", timestamp: end, body: compact(body))
    }

    /// The body of the trace update a span makes, without null members.
    private static func traceBody(_ span: OTLPSpan, attributes: OTLPAttributes, isRoot: Bool, start: EpochMillis) -> [String: JSONValue] {
        let body: [String: JSONValue] = [
            "id": .string(span.traceId),
            "timestamp": time(start),
            "name": optional(attributes.string("langfuse.trace.name") ?? (isRoot ? span.name : nil)),
            "userId": optional(OTLPTraceAttributes.userId(attributes)),
            "sessionId": optional(OTLPTraceAttributes.sessionId(attributes)),
            "tags": OTLPTraceAttributes.tags(attributes).map { .array($0.map(JSONValue.string)) } ?? .null,
            "public": OTLPTraceAttributes.isPublic(attributes).map(JSONValue.bool) ?? .null,
            "version": optional(OTLPTraceAttributes.version(span)),
            "release": optional(OTLPTraceAttributes.release(span)),
            "environment": optional(OTLPTraceAttributes.environment(span)),
            "metadata": .object(traceMetadata(span, attributes: attributes, isRoot: isRoot)),
            "input": attributes.json("langfuse.trace.input") ?? (isRoot ? OTLPInputOutput.input(attributes, events: span.events) : nil) ?? .null,
            "output": attributes.json("langfuse.trace.output") ?? (isRoot ? OTLPInputOutput.output(attributes, events: span.events) : nil) ?? .null,
        ]
        return withoutNulls(body)
    }

    /// Span metadata (`langfuse.observation.metadata`, its `.<key>` attributes and other
    /// frameworks' metadata), the remaining attributes (`OTLPMetadataAttributes`; none from
    /// Langfuse's own SDKs, whose attributes are all mapped), the resource attributes and the scope.
    private static func metadata(_ span: OTLPSpan, attributes: OTLPAttributes) -> [String: JSONValue] {
        var metadata = attributes.json("langfuse.observation.metadata")?.objectValue ?? [:]
        for prefix in ["langfuse.observation.metadata.", "langfuse.metadata.", "ai.telemetry.metadata."] {
            for (key, value) in attributes.withPrefix(prefix) { metadata[key] = value }
        }
        if !span.scope.name.hasPrefix("langfuse-sdk") {
            let leftover = OTLPMetadataAttributes.kept(span.attributes)
            if !leftover.isEmpty { metadata["attributes"] = .object(leftover) }
        }
        return metadata.merging(origin(span)) { $1 }
    }

    /// Trace metadata as Langfuse's OTel processor builds it (docs/LANGFUSE-OTEL.md):
    /// `langfuse.trace.metadata` and its `.<key>` attributes, then, for a root span only, the
    /// span's whole observation metadata (so an experiment's name and run, sent as observation
    /// metadata of the root, describe the trace too), and always the resource attributes and
    /// scope. Later parts win on equal keys; keys stay flat, as on observations.
    private static func traceMetadata(_ span: OTLPSpan, attributes: OTLPAttributes, isRoot: Bool) -> [String: JSONValue] {
        var metadata = attributes.json("langfuse.trace.metadata")?.objectValue ?? [:]
        for (key, value) in attributes.withPrefix("langfuse.trace.metadata.") { metadata[key] = value }
        return metadata.merging(isRoot ? self.metadata(span, attributes: attributes) : origin(span)) { $1 }
    }

    /// Where the span came from: its resource attributes and instrumentation scope.
    private static func origin(_ span: OTLPSpan) -> [String: JSONValue] {
        var origin: [String: JSONValue] = [:]
        if !span.resource.isEmpty { origin["resourceAttributes"] = .object(span.resource) }
        origin["scope"] = compact([
            "name": .string(span.scope.name), "version": optional(span.scope.version),
            "attributes": span.scope.attributes.isEmpty ? .null : .object(span.scope.attributes),
        ])
        return origin
    }

    private static func name(_ span: OTLPSpan, attributes: OTLPAttributes) -> String {
        if let name = attributes.string("gen_ai.tool.name", "genkit:name", "logfire.msg", "ai.toolCall.name") { return name }
        if let operation = attributes.string("ai.operationId") {
            return attributes.string("ai.telemetry.functionId").map { "\($0):\(operation)" } ?? operation
        }
        return span.name
    }

    /// Langfuse's level names and their aliases; an error status means ERROR.
    private static func level(_ span: OTLPSpan, attributes: OTLPAttributes) -> String {
        switch attributes.string("langfuse.observation.level")?.uppercased() {
        case "DEBUG"?, "TRACE"?, "VERBOSE"?: return "DEBUG"
        case "DEFAULT"?, "INFO"?, "OK"?, "NOTICE"?, "LOG"?: return "DEFAULT"
        case "WARNING"?, "WARN"?: return "WARNING"
        case "ERROR"?, "FATAL"?, "CRITICAL"?, "ALERT"?, "EMERGENCY"?: return "ERROR"
        default: return span.statusCode == 2 ? "ERROR" : "DEFAULT"
        }
    }

    /// The first JSON object of parameters, else the `gen_ai.request.*` and
    /// `llm.invocation_parameters.*` attributes as sent (a string stays a string). As Langfuse's
    /// OTel processor stores them, strings and numbers are kept and every other value becomes
    /// its JSON text: `"stop": ["a","b"]` is stored as `"[\"a\",\"b\"]"`, `true` as `"true"`.
    /// Langfuse's API spec lets a parameter be a boolean or a string list too, and the batch path
    /// keeps those as sent; on the OTel path its server stringifies them, and we follow the
    /// server (docs/LANGFUSE-OTEL.md).
    private static func modelParameters(_ attributes: OTLPAttributes) -> JSONValue? {
        for key in ["langfuse.observation.model.parameters", "llm.invocation_parameters", "model_config"] {
            if case .object(let parameters)? = attributes.json(key) { return .object(parameters.mapValues(storedParameter)) }
        }
        var parameters = attributes.unparsedValues(withPrefix: "gen_ai.request.")
        for (key, value) in attributes.unparsedValues(withPrefix: "llm.invocation_parameters.") { parameters[key] = value }
        parameters["model"] = nil
        return parameters.isEmpty ? nil : .object(parameters.mapValues(storedParameter))
    }

    private static func storedParameter(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string, .number: return value
        default: return .string(value.jsonText)
        }
    }

    private static func completionStart(_ attributes: OTLPAttributes, start: EpochMillis) -> JSONValue {
        if let text = attributes.json("langfuse.observation.completion_start_time")?.stringValue, ISO8601.parse(text) != nil {
            return .string(text)
        }
        if let offset = attributes.json("ai.response.msToFirstChunk")?.numberValue, offset.isFinite, offset >= 0, offset < 1e12 {
            return time(start + EpochMillis(offset))
        }
        return .null
    }

    /// Start and end in milliseconds: a missing edge copies the other, both missing is "now".
    private static func times(_ span: OTLPSpan, receivedAt: EpochMillis) -> (EpochMillis, EpochMillis) {
        let start = span.startTimeUnixNano.map(millis)
        let end = span.endTimeUnixNano.map(millis)
        return (start ?? end ?? receivedAt, end ?? start ?? receivedAt)
    }

    private static func millis(_ nanos: UInt64) -> EpochMillis { EpochMillis(nanos / 1_000_000) }

    private static func time(_ millis: EpochMillis) -> JSONValue { .string(ISO8601.format(millis)) }

    private static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    private static func envelope(id: String, type: String, timestamp: EpochMillis, body: JSONValue) -> JSONValue {
        .object(["id": .string(id), "type": .string(type), "timestamp": time(timestamp), "body": body])
    }

    /// Drops null members: an absent field leaves what other events set untouched.
    private static func compact(_ members: [String: JSONValue]) -> JSONValue {
        .object(withoutNulls(members))
    }

    private static func withoutNulls(_ members: [String: JSONValue]) -> [String: JSONValue] {
        members.filter { $0.value != .null }
    }
}
