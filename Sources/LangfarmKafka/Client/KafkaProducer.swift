import CRdKafka
import Logging

/// A librdkafka producer: asynchronous sends, results come back as ``DeliveryReport``s.
///
/// Use: ``produce(topic:key:value:headers:partition:token:)`` enqueues (it does not wait for the
/// broker); call ``poll(timeoutMs:)`` regularly (e.g. from one dedicated thread) to collect
/// delivery reports, and ``flush(timeoutMs:)`` before shutting down. `poll` and `flush` block
/// their thread for up to the timeout, so do not call them with a long timeout on a Swift
/// concurrency thread.
///
/// Sendable: librdkafka's producer handle is thread-safe and the delivery-report buffer is behind
/// a mutex, so any thread may produce or poll. A report is returned by exactly one poll/flush.
public final class KafkaProducer: Sendable {
    /// Durable, ordered and compact by default: idempotence (no duplicates or reordering on
    /// retry), acknowledgement by all in-sync replicas, lz4 batches, short batching delay.
    public static let defaultProperties: [String: String] = [
        "enable.idempotence": "true",
        "acks": "all",
        "compression.type": "lz4",
        "linger.ms": "5",
        "client.id": "langfarm",
    ]

    private let client: KafkaClient
    public var library: LibRdKafka { client.library }

    /// - Parameters:
    ///   - properties: librdkafka properties (at least `bootstrap.servers`); they override
    ///     ``defaultProperties``. `log_level` defaults to the logger's level.
    ///   - library: a loaded librdkafka; `nil` loads it with ``LibRdKafka/load(path:)``.
    public init(
        properties: [String: String],
        library: LibRdKafka? = nil,
        logger: Logger = Logger(label: "langfarm.kafka.producer")
    ) throws {
        let merged = Self.defaultProperties.merging(properties) { _, explicit in explicit }
        client = try KafkaClient(
            type: RD_KAFKA_PRODUCER, properties: merged, library: library ?? LibRdKafka.load(),
            logger: logger, deliveryReports: true)
    }

    deinit {
        let outstanding = client.library.rd_kafka_outq_len(client.handle)
        if outstanding > 0 {
            client.context.logger.warning(
                "kafka producer destroyed with \(outstanding) messages or events pending; call flush first")
        }
    }

    /// Enqueues one message (librdkafka copies everything before returning).
    ///
    /// - Parameters:
    ///   - key: `nil` for no key (the partitioner then spreads messages); equal keys go to the
    ///     same partition and stay in order.
    ///   - partition: `nil` lets the configured partitioner choose.
    ///   - token: returned in this message's ``DeliveryReport``.
    /// - Throws: ``KafkaError`` when librdkafka refuses the message at once, e.g.
    ///   ``KafkaErrorCode/messageSizeTooLarge`` (over `message.max.bytes`),
    ///   ``KafkaErrorCode/queueFull`` (poll more, or raise `queue.buffering.max.messages`), or
    ///   ``KafkaErrorCode/unknownTopic``. No delivery report follows a thrown error.
    public func produce(
        topic: String,
        key: [UInt8]?,
        value: [UInt8],
        headers: [(String, [UInt8])] = [],
        partition: Int32? = nil,
        token: UInt64
    ) throws(KafkaError) {
        let library = client.library
        let handle = client.handle
        let arena = HeaderArena(headers)
        let failure: OpaquePointer? = arena.bytes.withUnsafeBufferPointer { headerBytes in
            value.withUnsafeBufferPointer { valueBytes in
                topic.withCString { topicName in
                    var arguments: [rd_kafka_vu_t] = [
                        .topic(topicName),
                        .value(valueBytes),
                        .opaque(token),
                        .flags(Int32(RD_KAFKA_MSG_F_COPY)),
                    ]
                    if let partition { arguments.append(.partition(partition)) }
                    arguments += arena.arguments(in: headerBytes)
                    guard let key else {
                        return arguments.withUnsafeBufferPointer {
                            library.rd_kafka_produceva(handle, $0.baseAddress, $0.count)
                        }
                    }
                    return key.withUnsafeBufferPointer { keyBytes in
                        arguments.append(.key(keyBytes))
                        return arguments.withUnsafeBufferPointer {
                            library.rd_kafka_produceva(handle, $0.baseAddress, $0.count)
                        }
                    }
                }
            }
        }
        if let failure {
            let code = library.rd_kafka_error_code(failure)
            let message = String(cStringOrEmpty: library.rd_kafka_error_string(failure))
            library.rd_kafka_error_destroy(failure)
            throw library.error(code, operation: "produce to topic \(topic)", message: message)
        }
    }

    /// Serves queued callbacks (delivery reports, client errors) for up to `timeoutMs`
    /// (0 = do not wait) and returns the delivery reports served.
    @discardableResult
    public func poll(timeoutMs: Int32 = 0) -> [DeliveryReport] {
        _ = client.library.rd_kafka_poll(client.handle, timeoutMs)
        return client.context.takeDeliveries()
    }

    /// Waits up to `timeoutMs` for every enqueued message to be delivered or fail, serving their
    /// delivery reports.
    public func flush(timeoutMs: Int32) -> FlushResult {
        _ = client.library.rd_kafka_flush(client.handle, timeoutMs)
        return FlushResult(reports: client.context.takeDeliveries(), outstanding: inFlight)
    }

    /// `rd_kafka_outq_len`: messages not yet delivered or failed, plus requests and callbacks
    /// (delivery reports, client errors) not yet served. 0 means nothing is pending.
    public var inFlight: Int { Int(client.library.rd_kafka_outq_len(client.handle)) }

    /// The fatal error that stopped this producer, or nil (`rd_kafka_fatal_error`). An
    /// idempotent producer gets one when it cannot go on without risking duplicates or
    /// reordering (e.g. UNKNOWN_PRODUCER_ID from a broker that lost its producer state); it then
    /// refuses every message with that error's code, so only a new producer can send again.
    public var fatalFailure: KafkaError? {
        var errstr = [CChar](repeating: 0, count: 512)
        let code = client.library.rd_kafka_fatal_error(client.handle, &errstr, errstr.count)
        guard code != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        return client.library.error(code, operation: "produce", message: String(errorBuffer: errstr))
    }
}
