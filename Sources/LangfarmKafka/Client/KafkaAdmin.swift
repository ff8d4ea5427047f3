import CRdKafka
import Logging

/// The outcome for one topic of ``KafkaAdmin/createTopics(names:partitions:replication:timeout:)``.
public struct TopicCreationResult: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case created
        /// Not an error for start-up provisioning: the topic is there.
        case alreadyExists
        case failed(KafkaError)
    }

    public let name: String
    public let outcome: Outcome

    public init(name: String, outcome: Outcome) {
        self.name = name
        self.outcome = outcome
    }
}

/// Topic provisioning through librdkafka's Admin API.
///
/// Why: Langfarm creates its topics with the partition count it needs at start-up, instead of
/// relying on broker auto-creation (often disabled, and it picks the broker's default count).
/// Calls block their thread until the broker answers or the timeout passes.
public final class KafkaAdmin: Sendable {
    private let client: KafkaClient

    /// - Parameter properties: librdkafka properties, at least `bootstrap.servers`.
    public init(
        properties: [String: String],
        library: LibRdKafka? = nil,
        logger: Logger = Logger(label: "langfarm.kafka.admin")
    ) throws {
        client = try KafkaClient(
            type: RD_KAFKA_PRODUCER, properties: properties, library: library ?? LibRdKafka.load(),
            logger: logger, deliveryReports: false)
    }

    /// Creates the topics and reports each one's outcome, in the broker's order.
    ///
    /// - Throws: ``KafkaError`` if the request as a whole failed (bad arguments, no broker
    ///   answered within `timeout`); per-topic failures are results, not throws.
    public func createTopics(
        names: [String],
        partitions: Int32,
        replication: Int32 = 1,
        timeout: Duration = .seconds(30)
    ) throws(KafkaError) -> [TopicCreationResult] {
        let library = client.library
        let timeoutMs = timeout.clampedMilliseconds
        var errstr = [CChar](repeating: 0, count: 512)

        var newTopics: [OpaquePointer?] = []
        defer { newTopics.forEach { library.rd_kafka_NewTopic_destroy($0) } }
        for name in names {
            guard let topic = library.rd_kafka_NewTopic_new(name, partitions, replication, &errstr, errstr.count) else {
                throw library.error(RD_KAFKA_RESP_ERR__INVALID_ARG, operation: "describe new topic \(name)", message: String(errorBuffer: errstr))
            }
            newTopics.append(topic)
        }

        let options = library.rd_kafka_AdminOptions_new(client.handle, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { library.rd_kafka_AdminOptions_destroy(options) }
        // operation timeout: how long the broker waits for the topics to exist;
        // request timeout: the whole round trip, including finding a broker.
        _ = library.rd_kafka_AdminOptions_set_operation_timeout(options, timeoutMs, &errstr, errstr.count)
        _ = library.rd_kafka_AdminOptions_set_request_timeout(options, timeoutMs, &errstr, errstr.count)

        let queue = library.rd_kafka_queue_new(client.handle)
        defer { library.rd_kafka_queue_destroy(queue) }
        library.rd_kafka_CreateTopics(client.handle, &newTopics, newTopics.count, options, queue)

        let operation = "create topics \(names.joined(separator: ", "))"
        // librdkafka always answers on the queue (with a timeout error at worst); the margin is
        // only a guard against waiting forever.
        guard let event = library.rd_kafka_queue_poll(queue, timeoutMs.addingClamped(5_000)) else {
            throw library.error(RD_KAFKA_RESP_ERR__TIMED_OUT, operation: operation)
        }
        defer { library.rd_kafka_event_destroy(event) }
        let eventError = library.rd_kafka_event_error(event)
        if eventError != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw library.error(eventError, operation: operation, message: String(cStringOrEmpty: library.rd_kafka_event_error_string(event)))
        }
        guard library.rd_kafka_event_type(event) == RD_KAFKA_EVENT_CREATETOPICS_RESULT,
            let result = library.rd_kafka_event_CreateTopics_result(event)
        else {
            throw library.error(RD_KAFKA_RESP_ERR__INVALID_ARG, operation: operation, message: "unexpected admin event type \(library.rd_kafka_event_type(event))")
        }

        var count = 0
        guard let topics = library.rd_kafka_CreateTopics_result_topics(result, &count) else { return [] }
        return UnsafeBufferPointer(start: topics, count: count).compactMap { topic in
            guard let topic else { return nil }
            let name = String(cStringOrEmpty: library.rd_kafka_topic_result_name(topic))
            let code = library.rd_kafka_topic_result_error(topic)
            switch code {
            case RD_KAFKA_RESP_ERR_NO_ERROR:
                return TopicCreationResult(name: name, outcome: .created)
            case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS:
                return TopicCreationResult(name: name, outcome: .alreadyExists)
            default:
                let text = library.rd_kafka_topic_result_error_string(topic).map { String(cString: $0) }
                return TopicCreationResult(name: name, outcome: .failed(library.error(code, operation: "create topic \(name)", message: text)))
            }
        }
    }
}

extension Duration {
    /// Milliseconds for librdkafka's `int timeout_ms` arguments, clamped to 0...Int32.max.
    var clampedMilliseconds: Int32 {
        let (seconds, attoseconds) = components
        let milliseconds = seconds.multipliedReportingOverflow(by: 1000)
        guard !milliseconds.overflow else { return seconds < 0 ? 0 : .max }
        return Int32(clamping: max(0, milliseconds.partialValue + attoseconds / 1_000_000_000_000_000))
    }
}

extension Int32 {
    func addingClamped(_ other: Int32) -> Int32 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}
