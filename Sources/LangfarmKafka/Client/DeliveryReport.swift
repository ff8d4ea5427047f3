/// The outcome of one produced message, as librdkafka's delivery report callback saw it.
public struct DeliveryReport: Sendable, Equatable {
    /// The token passed to ``KafkaProducer/produce(topic:key:value:headers:partition:token:)``.
    public let token: UInt64
    /// `nil` when the broker acknowledged the message (per `acks`), else why it was given up.
    public let error: KafkaError?
    /// The partition the message went to (-1 if none was chosen before it failed).
    public let partition: Int32
    /// The offset the broker assigned, or -1001 (`RD_KAFKA_OFFSET_INVALID`) when unknown.
    public let offset: Int64

    public var succeeded: Bool { error == nil }
}

/// What ``KafkaProducer/flush(timeoutMs:)`` served, and ``KafkaProducer/inFlight`` when it
/// returned (0 unless the timeout ran out).
public struct FlushResult: Sendable {
    public let reports: [DeliveryReport]
    public let outstanding: Int
}
