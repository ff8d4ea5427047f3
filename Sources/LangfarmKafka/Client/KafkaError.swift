import CRdKafka

/// A librdkafka error code (`rd_kafka_resp_err_t`). Negative codes are raised by librdkafka
/// itself, positive ones come from the broker. Named here: the codes callers branch on.
public struct KafkaErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
    init(_ code: rd_kafka_resp_err_t) { rawValue = code.rawValue }

    public static let noError = Self(RD_KAFKA_RESP_ERR_NO_ERROR)
    public static let messageTimedOut = Self(RD_KAFKA_RESP_ERR__MSG_TIMED_OUT)
    public static let queueFull = Self(RD_KAFKA_RESP_ERR__QUEUE_FULL)
    public static let unknownTopic = Self(RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC)
    public static let unknownPartition = Self(RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION)
    public static let invalidArgument = Self(RD_KAFKA_RESP_ERR__INVALID_ARG)
    public static let timedOut = Self(RD_KAFKA_RESP_ERR__TIMED_OUT)
    public static let transport = Self(RD_KAFKA_RESP_ERR__TRANSPORT)
    public static let allBrokersDown = Self(RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN)
    public static let fatal = Self(RD_KAFKA_RESP_ERR__FATAL)
    public static let partitionEOF = Self(RD_KAFKA_RESP_ERR__PARTITION_EOF)
    public static let unknownTopicOrPartition = Self(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)
    public static let messageSizeTooLarge = Self(RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE)
    public static let topicAlreadyExists = Self(RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)

    public var description: String { String(rawValue) }
}

/// An error reported by librdkafka: its code, its symbolic name and its human text, plus the
/// operation we were doing, so one log line says what failed and why.
public struct KafkaError: Error, CustomStringConvertible, Sendable, Equatable {
    public let code: KafkaErrorCode
    /// librdkafka's name for the code, e.g. "MSG_SIZE_TOO_LARGE" or "_MSG_TIMED_OUT".
    public let name: String
    /// librdkafka's (or the broker's) explanation.
    public let message: String
    /// What was being done, e.g. "produce to topic traces".
    public let operation: String

    public var description: String {
        "\(operation) failed: \(message) (\(name), code \(code.rawValue))"
    }
}
