import Foundation
import LangfarmCore
import LangfarmStore
@testable import LangfarmKafka

/// A record read back from a lake topic, with its headers decoded as text.
struct ConsumedChange: Sendable {
    let topic: String
    let partition: Int32
    let offset: Int64
    let key: String?
    let value: String
    let headers: [(name: String, value: String)]

    func header(_ name: String) -> String? { headers.first { $0.name == name }?.value }
    var rowVersion: Int64? { header("row_version").flatMap { Int64($0) } }
}

/// Reads the three lake topics from the beginning, with one consumer per topic on explicitly
/// assigned partitions (no consumer group: no 6 s join).
///
/// Reads until `expected` records have arrived, then keeps reading until nothing new came for
/// `settle`, so that a duplicate sent after the expected ones is seen too. Runs on a thread of
/// its own: `poll` blocks, and the cooperative pool (two threads here) runs the relays.
func readTopics(
    _ topics: LakeTopics, brokers: String, partitions: Int32, expected: Int,
    timeout: Duration = .seconds(45), settle: Duration = .seconds(1)
) async throws -> [ConsumedChange] {
    try await offThePool {
        let library = try KafkaTestEnvironment.requireLibrary()
        let consumers = try topics.all.map { topic in
            let consumer = try KafkaConsumer(properties: ["bootstrap.servers": brokers], library: library, logger: RelayWorld.quietLogger)
            try consumer.assign(topic: topic, partitions: Array(0..<partitions))
            return consumer
        }
        defer { consumers.forEach { $0.close() } }
        var read: [ConsumedChange] = []
        let deadline = ContinuousClock.now + timeout
        var lastArrival = ContinuousClock.now
        while ContinuousClock.now < deadline {
            if read.count >= expected && ContinuousClock.now - lastArrival >= settle { break }
            for consumer in consumers {
                // Drain what this consumer has before the next one: polling one message per
                // consumer per pass would spend an idle consumer's timeout for each message.
                // Errors are transient here (a topic not known yet): keep polling.
                while let message = try? consumer.poll(timeoutMs: 20) {
                    lastArrival = ContinuousClock.now
                    read.append(ConsumedChange(
                        topic: message.topic, partition: message.partition, offset: message.offset,
                        key: message.key.map { String(decoding: $0, as: UTF8.self) },
                        value: String(decoding: message.value, as: UTF8.self),
                        headers: message.headers.map { ($0.0, String(decoding: $0.1, as: UTF8.self)) }
                    ))
                }
            }
        }
        return read
    }
}
