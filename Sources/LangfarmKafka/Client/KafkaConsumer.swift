import CRdKafka
import Logging
import Synchronization

/// A consumed message, copied out of librdkafka's buffers.
public struct KafkaMessage: Sendable {
    public let topic: String
    public let partition: Int32
    public let offset: Int64
    public let key: [UInt8]?
    public let value: [UInt8]
    /// In the order they were produced; names may repeat.
    public let headers: [(String, [UInt8])]
}

/// A librdkafka consumer, so far used by tests to read back what the producer wrote.
///
/// Either ``assign(topic:partitions:offset:)`` (no group coordination: fast, deterministic) or
/// ``subscribe(topics:)`` (consumer group; the first join takes about `session.timeout.ms`).
/// `poll` blocks its thread for up to the timeout. Sendable for the same reasons as
/// ``KafkaProducer`` (librdkafka handles are thread-safe).
public final class KafkaConsumer: Sendable {
    /// Read from the start, join groups quickly, and do not report partition ends as messages.
    public static let defaultProperties: [String: String] = [
        "auto.offset.reset": "earliest",
        "session.timeout.ms": "6000",
        "enable.partition.eof": "false",
        "client.id": "langfarm",
    ]

    private let client: KafkaClient
    private let closed = Mutex(false)

    /// - Parameter properties: librdkafka properties (at least `bootstrap.servers`), overriding
    ///   ``defaultProperties``; `group.id` defaults to a random, unique name.
    public init(
        properties: [String: String],
        library: LibRdKafka? = nil,
        logger: Logger = Logger(label: "langfarm.kafka.consumer")
    ) throws {
        var merged = Self.defaultProperties.merging(properties) { _, explicit in explicit }
        if merged["group.id"] == nil {
            merged["group.id"] = "langfarm-\(UInt64.random(in: 0...UInt64.max))"
        }
        client = try KafkaClient(
            type: RD_KAFKA_CONSUMER, properties: merged, library: library ?? LibRdKafka.load(),
            logger: logger, deliveryReports: false)
        // Serve client errors and logs from consumer_poll instead of a separate main queue.
        _ = client.library.rd_kafka_poll_set_consumer(client.handle)
    }

    deinit { close() }

    /// Joins the consumer group for these topics (partitions are assigned by the group).
    public func subscribe(topics: [String]) throws(KafkaError) {
        try withPartitionList(topics.map { ($0, RD_KAFKA_PARTITION_UA, nil) }, operation: "subscribe to \(topics)") {
            client.library.rd_kafka_subscribe(client.handle, $0)
        }
    }

    /// Reads these partitions directly, starting at `offset` (default: the beginning).
    public func assign(topic: String, partitions: [Int32], offset: Int64 = RD_KAFKA_OFFSET_BEGINNING) throws(KafkaError) {
        try withPartitionList(partitions.map { (topic, $0, offset) }, operation: "assign \(topic) \(partitions)") {
            client.library.rd_kafka_assign(client.handle, $0)
        }
    }

    /// The next message, or `nil` if none arrived within `timeoutMs`.
    /// - Throws: ``KafkaError`` for consumer errors (most are transient and may be retried).
    public func poll(timeoutMs: Int32) throws(KafkaError) -> KafkaMessage? {
        let library = client.library
        guard let pointer = library.rd_kafka_consumer_poll(client.handle, timeoutMs) else { return nil }
        defer { library.rd_kafka_message_destroy(pointer) }
        let message = pointer.pointee
        let topic = message.rkt.map { String(cStringOrEmpty: library.rd_kafka_topic_name($0)) } ?? ""
        switch message.err {
        case RD_KAFKA_RESP_ERR_NO_ERROR:
            break
        case RD_KAFKA_RESP_ERR__PARTITION_EOF:
            return nil
        default:  // for errors, the payload holds librdkafka's error text
            let text = String(decoding: Self.bytes(message.payload, message.len), as: UTF8.self)
            throw library.error(message.err, operation: "consume \(topic)", message: text.isEmpty ? nil : text)
        }
        return KafkaMessage(
            topic: topic,
            partition: message.partition,
            offset: message.offset,
            key: message.key.map { Self.bytes($0, message.key_len) },
            value: Self.bytes(message.payload, message.len),
            headers: headers(of: pointer)
        )
    }

    /// Leaves the group and stops fetching; called by deinit if not called before.
    public func close() {
        let wasClosed = closed.withLock { closed in
            defer { closed = true }
            return closed
        }
        if !wasClosed { _ = client.library.rd_kafka_consumer_close(client.handle) }
    }

    private func headers(of message: UnsafeMutablePointer<rd_kafka_message_t>) -> [(String, [UInt8])] {
        let library = client.library
        var list: OpaquePointer?
        guard library.rd_kafka_message_headers(message, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return [] }
        var headers: [(String, [UInt8])] = []
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while library.rd_kafka_header_get_all(list, headers.count, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
            headers.append((String(cStringOrEmpty: name), Self.bytes(value, size)))
        }
        return headers
    }

    private static func bytes(_ pointer: UnsafeRawPointer?, _ count: Int) -> [UInt8] {
        guard let pointer, count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// Builds a `rd_kafka_topic_partition_list_t` for one call and frees it afterwards.
    private func withPartitionList(
        _ entries: [(topic: String, partition: Int32, offset: Int64?)],
        operation: String,
        _ body: (UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> rd_kafka_resp_err_t
    ) throws(KafkaError) {
        let library = client.library
        guard let list = library.rd_kafka_topic_partition_list_new(Int32(entries.count)) else {
            throw library.error(RD_KAFKA_RESP_ERR__INVALID_ARG, operation: operation)
        }
        defer { library.rd_kafka_topic_partition_list_destroy(list) }
        for entry in entries {
            let element = library.rd_kafka_topic_partition_list_add(list, entry.topic, entry.partition)
            if let offset = entry.offset { element?.pointee.offset = offset }
        }
        let result = body(list)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw library.error(result, operation: operation)
        }
    }
}
