import LangfarmCore
import LangfarmStore
import Logging
import Synchronization

/// Publishes outbox entries to Kafka with librdkafka: idempotent, `acks=all`, lz4, keyed by
/// trace id, with headers naming the project, entity type, row version and SDK.
public final class KafkaChangePublisher: ChangePublisher {
    public struct Settings: Sendable {
        public var brokers: String
        public var topics: LakeTopics
        /// Partitions of the topics Langfarm creates; -1 for the broker's default.
        public var partitions: Int32 = 3
        /// Replicas of the topics Langfarm creates; -1 for the broker's default.
        public var replication: Int32 = -1
        /// librdkafka properties that override Langfarm's (security settings, batching, …).
        public var properties: [String: String] = [:]

        public init(brokers: String, topics: LakeTopics) {
            self.brokers = brokers
            self.topics = topics
        }

        /// Langfarm's producer properties: the durable defaults, a delivery timeout short enough
        /// that the relay notices a lost broker within seconds, then the user's overrides.
        var producerProperties: [String: String] {
            var merged = KafkaProducer.defaultProperties
            merged["bootstrap.servers"] = brokers
            merged["message.timeout.ms"] = "15000"
            return merged.merging(properties) { _, explicit in explicit }
        }
    }

    private let settings: Settings
    private let library: LibRdKafka
    private let logger: Logger
    private let producer: Mutex<KafkaProducer>
    private let topicsReady = Mutex(false)

    /// Loads librdkafka (`libraryPath`, else `LANGFARM_LIBRDKAFKA`, else the system's) and
    /// creates the producer; nothing is sent until the first publish.
    ///
    /// librdkafka's threads (compression, broker connections) take the priority of the thread
    /// that creates the producer, so it is created at the relay's background priority (see
    /// `BackgroundExecutor`); later producers are created by the relay itself.
    public init(settings: Settings, libraryPath: String? = nil, logger: Logger) async throws {
        self.settings = settings
        self.logger = logger
        let library = try LibRdKafka.load(path: libraryPath)
        self.library = library
        producer = Mutex(try await offThePool {
            BackgroundExecutor.lowerCurrentThreadPriority()
            return try KafkaProducer(properties: settings.producerProperties, library: library, logger: logger)
        })
    }

    public var libraryDescription: String { "librdkafka \(library.version) (\(library.path))" }

    public func prepareTopics() async throws {
        guard !topicsReady.withLock({ $0 }) else { return }
        let settings = self.settings
        let library = self.library
        let logger = self.logger
        let results: [TopicCreationResult]
        do {
            results = try await offThePool {
                let admin = try KafkaAdmin(properties: settings.producerProperties, library: library, logger: logger)
                return try admin.createTopics(
                    names: settings.topics.all, partitions: settings.partitions, replication: settings.replication, timeout: .seconds(10)
                )
            }
        } catch {
            throw TopicsUnavailable(message: "no answer from the Kafka brokers at \(settings.brokers) (\(error))")
        }
        let failures = results.compactMap { result -> String? in
            if case .failed(let error) = result.outcome { return "\(result.name): \(error)" }
            return nil
        }
        guard failures.isEmpty else {
            throw TopicsUnavailable(message: "cannot create Kafka topics at \(settings.brokers) (\(failures.joined(separator: "; "))); check that the brokers are reachable, and their permissions and topic settings")
        }
        let created = results.filter { $0.outcome == .created }.map(\.name)
        if !created.isEmpty {
            logger.info("Created Kafka topics", metadata: ["topics": "\(created.joined(separator: ", "))", "partitions": "\(settings.partitions)"])
        }
        topicsReady.withLock { $0 = true }
    }

    public func publish(_ entries: [OutboxEntry]) async -> [Int64: PublishOutcome] {
        var outcomes: [Int64: PublishOutcome] = [:]
        let producer = self.producer.withLock { $0 }
        var awaiting = 0
        for entry in entries {
            while true {
                do {
                    try producer.produce(
                        topic: settings.topics.topic(for: entry.kind), key: Array(entry.key.utf8), value: Array(entry.value.utf8),
                        headers: Self.headers(of: entry), token: UInt64(entry.sequence)
                    )
                    awaiting += 1
                } catch where error.code == .queueFull {
                    absorb(producer.poll(), into: &outcomes, awaiting: &awaiting)
                    try? await Task.sleep(for: .milliseconds(5))
                    continue
                } catch {
                    outcomes[entry.sequence] = Self.outcome(of: error)
                }
                break
            }
        }
        // Every produced message gets exactly one delivery report, at the latest when
        // `message.timeout.ms` runs out.
        while awaiting > 0 {
            // A cancelled task does not sleep: wait inside librdkafka instead of spinning.
            absorb(producer.poll(timeoutMs: Task.isCancelled ? 10 : 0), into: &outcomes, awaiting: &awaiting)
            if awaiting > 0 && !Task.isCancelled { try? await Task.sleep(for: .milliseconds(2)) }
        }
        // A topic deleted since start-up is created again (with Langfarm's settings, rather
        // than the broker's auto-creation defaults) before the next round.
        if outcomes.values.contains(where: { if case .failed(let reason) = $0 { reason.contains("UNKNOWN_TOPIC") } else { false } }) {
            topicsReady.withLock { $0 = false }
        }
        // A fatal error is reported with its own code (UNKNOWN_PRODUCER_ID, ...), not `_FATAL`:
        // ask librdkafka rather than match the text.
        if producer.fatalFailure != nil {
            replaceProducer()
        }
        return outcomes
    }

    private func absorb(_ reports: [DeliveryReport], into outcomes: inout [Int64: PublishOutcome], awaiting: inout Int) {
        for report in reports {
            outcomes[Int64(report.token)] = report.error.map(Self.outcome(of:)) ?? .delivered
            awaiting -= 1
        }
    }

    public func reset() {
        topicsReady.withLock { $0 = false }
        replaceProducer()
    }

    /// An idempotent producer that hit a fatal error refuses everything after it: start afresh.
    private func replaceProducer() {
        do {
            let fresh = try KafkaProducer(properties: settings.producerProperties, library: library, logger: logger)
            producer.withLock { $0 = fresh }
            logger.warning("Replaced the Kafka producer")
        } catch {
            logger.error("Could not recreate the Kafka producer", metadata: ["error": "\(error)"])
        }
    }

    /// Errors about the record itself will not change by retrying; everything else (broker
    /// away, timeouts, missing topics) may.
    static func outcome(of error: KafkaError) -> PublishOutcome {
        let permanent: Set<Int32> = [
            2, // CORRUPT_MESSAGE
            4, // INVALID_FETCH_SIZE / invalid message size
            KafkaErrorCode.messageSizeTooLarge.rawValue,
            18, // RECORD_LIST_TOO_LARGE
            87, // INVALID_RECORD
        ]
        return permanent.contains(error.code.rawValue) ? .refused(error.description) : .failed(error.description)
    }

    static func headers(of entry: OutboxEntry) -> [(String, [UInt8])] {
        var headers: [(String, [UInt8])] = [
            ("project_id", Array(entry.projectId.utf8)),
            ("entity_type", Array(entry.kind.rawValue.utf8)),
            ("row_version", Array(String(entry.sequence).utf8)),
        ]
        if let sdk = entry.sdk {
            headers.append(("sdk_name", Array(sdk.name.utf8)))
            if let version = sdk.version { headers.append(("sdk_version", Array(version.utf8))) }
        }
        return headers
    }
}

/// The topics could not be created; the changes wait in the outbox until they can.
struct TopicsUnavailable: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
