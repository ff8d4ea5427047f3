import LangfarmCore

/// One span of an OTLP export, independent of the wire format it came in (protobuf or JSON):
/// the protobuf and JSON decoders both produce these, and `OTLPSpanMapper` turns them into
/// Langfuse events. Attribute values are already converted to JSON as Langfuse converts them
/// (compat §3): strings, doubles, booleans and arrays natively, 64-bit integers as numbers,
/// bytes and key-value lists as their JSON text.
public struct OTLPSpan: Sendable, Equatable {
    /// Lower-case hex, 32 characters (the protobuf bytes hex-encoded, or the JSON string).
    public var traceId: String
    /// Lower-case hex, 16 characters.
    public var spanId: String
    public var parentSpanId: String?
    public var name: String
    public var startTimeUnixNano: UInt64?
    public var endTimeUnixNano: UInt64?
    public var attributes: [String: JSONValue]
    /// OTLP status code: 0 unset, 1 ok, 2 error.
    public var statusCode: Int
    public var statusMessage: String?
    public var events: [OTLPSpanEvent]
    public var resource: [String: JSONValue]
    public var scope: OTLPScope

    public init(
        traceId: String, spanId: String, parentSpanId: String? = nil, name: String,
        startTimeUnixNano: UInt64? = nil, endTimeUnixNano: UInt64? = nil, attributes: [String: JSONValue] = [:],
        statusCode: Int = 0, statusMessage: String? = nil, events: [OTLPSpanEvent] = [],
        resource: [String: JSONValue] = [:], scope: OTLPScope = OTLPScope()
    ) {
        self.traceId = traceId
        self.spanId = spanId
        self.parentSpanId = parentSpanId
        self.name = name
        self.startTimeUnixNano = startTimeUnixNano
        self.endTimeUnixNano = endTimeUnixNano
        self.attributes = attributes
        self.statusCode = statusCode
        self.statusMessage = statusMessage
        self.events = events
        self.resource = resource
        self.scope = scope
    }
}

/// A timed event inside a span (GenAI conventions put prompts and completions in these).
public struct OTLPSpanEvent: Sendable, Equatable {
    public var name: String
    public var timeUnixNano: UInt64?
    public var attributes: [String: JSONValue]

    public init(name: String, timeUnixNano: UInt64? = nil, attributes: [String: JSONValue] = [:]) {
        self.name = name
        self.timeUnixNano = timeUnixNano
        self.attributes = attributes
    }
}

/// The instrumentation scope that produced a span (`langfuse-sdk`, `openinference…`, …).
public struct OTLPScope: Sendable, Equatable {
    public var name: String
    public var version: String?
    public var attributes: [String: JSONValue]

    public init(name: String = "", version: String? = nil, attributes: [String: JSONValue] = [:]) {
        self.name = name
        self.version = version
        self.attributes = attributes
    }
}

/// Why an export was refused as a whole (compat §3: one bad span rejects the export).
public struct OTLPDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
