import ArgumentParser
import Foundation
import LangfarmKafka
import LangfarmStore
import Logging

/// `serve`'s change-feed options: with `--kafka-brokers`, every committed row change is
/// published to Kafka through the outbox.
struct KafkaOptions: ParsableArguments {
    @Option(name: .customLong("kafka-brokers"), help: "Kafka bootstrap servers, host:port[,host:port]; enables the change feed (env: LANGFARM_KAFKA_BROKERS).")
    var kafkaBrokersOption: String?

    /// The flag, else the environment: ArgumentParser takes no default for an optional option.
    var kafkaBrokers: String? { kafkaBrokersOption ?? ProcessInfo.processInfo.environment["LANGFARM_KAFKA_BROKERS"] }

    @Option(help: "Prefix of the topics traces, observations and scores (env: LANGFARM_KAFKA_TOPIC_PREFIX).")
    var kafkaTopicPrefix: String = ProcessInfo.processInfo.environment["LANGFARM_KAFKA_TOPIC_PREFIX"] ?? ""

    @Option(help: "Partitions of the topics Langfarm creates.")
    var kafkaPartitions: Int32 = 3

    @Option(help: "Replicas of the topics Langfarm creates (-1: the broker's default).")
    var kafkaReplication: Int32 = -1

    @Option(name: .customLong("kafka-property"), help: "A librdkafka property, key=value (repeatable), e.g. security.protocol=SSL.")
    var kafkaProperties: [String] = []

    @Option(help: "Pending changes at which ingestion answers 503 instead of filling the disk (0: no limit) (env: LANGFARM_OUTBOX_CAPACITY).")
    var outboxCapacity: Int64 = ProcessInfo.processInfo.environment["LANGFARM_OUTBOX_CAPACITY"].flatMap { Int64($0) } ?? 1_000_000

    @Option(help: "Path of librdkafka.so.1 (env: LANGFARM_LIBRDKAFKA; default: the system's).")
    var librdkafka: String?

    func validate() throws {
        for property in kafkaProperties where !property.contains("=") {
            throw ValidationError("--kafka-property expects key=value, got '\(property)'")
        }
        if kafkaBrokers?.isEmpty == true { throw ValidationError("--kafka-brokers is empty") }
        if outboxCapacity < 0 { throw ValidationError("--outbox-capacity must be 0 or more") }
        // librdkafka and some brokers accept 0 partitions, and then every message times out.
        if kafkaPartitions == 0 || kafkaPartitions < -1 {
            throw ValidationError("--kafka-partitions must be -1 (the broker's default) or 1 or more")
        }
        if kafkaReplication == 0 || kafkaReplication < -1 {
            throw ValidationError("--kafka-replication must be -1 (the broker's default) or 1 or more")
        }
    }

    /// The relay publishing the store's outbox, or nil without `--kafka-brokers`. Turns the
    /// store's change feed on or off to match.
    func relay(store: any Store, logger: Logger) async throws -> (relay: OutboxRelay, monitor: ChangeFeedMonitor)? {
        guard let kafkaBrokers else {
            try await store.setChangeFeed(enabled: false)
            let waiting = try await store.outboxStatus().depth
            if waiting > 0 {
                logger.warning("\(waiting) changes wait in the Kafka outbox; start with --kafka-brokers to deliver them")
            }
            return nil
        }
        var settings = KafkaChangePublisher.Settings(brokers: kafkaBrokers, topics: LakeTopics(prefix: kafkaTopicPrefix))
        settings.partitions = kafkaPartitions
        settings.replication = kafkaReplication
        for property in kafkaProperties {
            let parts = property.split(separator: "=", maxSplits: 1)
            settings.properties[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        let publisher = try await KafkaChangePublisher(settings: settings, libraryPath: librdkafka, logger: logger)
        try await store.setChangeFeed(enabled: true)
        let monitor = ChangeFeedMonitor(capacity: outboxCapacity > 0 ? outboxCapacity : nil) { store.lastRecordedSequence }
        logger.info("Publishing changes to Kafka at \(kafkaBrokers) with \(publisher.libraryDescription); topics \(settings.topics.all.joined(separator: ", "))")
        return (OutboxRelay(store: store, publisher: publisher, monitor: monitor, logger: logger), monitor)
    }
}
