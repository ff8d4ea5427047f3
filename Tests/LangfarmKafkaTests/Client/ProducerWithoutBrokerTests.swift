import Foundation
import Testing
import LangfarmKafka
import Logging

/// Producer failures that need librdkafka but no broker: a port nobody listens on stands in
/// for an unreachable cluster.
@Suite("Producer errors without a broker", .enabled(if: KafkaTestEnvironment.libraryTestsEnabled))
struct ProducerWithoutBrokerTests {
    private func unreachableProducer(_ extra: [String: String] = [:]) throws -> KafkaProducer {
        let library = try KafkaTestEnvironment.requireLibrary()
        let properties = ["bootstrap.servers": "127.0.0.1:\(try freeLoopbackPort())", "message.timeout.ms": "3000"]
        return try KafkaProducer(properties: properties.merging(extra) { $1 }, library: library, logger: quietLogger)
    }

    /// Connection-refused lines are expected here; keep them out of the test output.
    private var quietLogger: Logger {
        var logger = Logger(label: "test.unreachable")
        logger.logLevel = .critical
        return logger
    }

    @Test("a message to an unreachable broker fails in its delivery report after message.timeout.ms")
    func unreachableBrokerTimesOut() throws {
        let producer = try unreachableProducer()
        let started = Date()
        try producer.produce(topic: "traces", key: bytes("k"), value: bytes("v"), token: 42)
        let reports = collectDeliveries(from: producer, expected: 1, timeout: 20)
        let elapsed = Date().timeIntervalSince(started)
        let report = try #require(reports.first)
        #expect(report.token == 42)
        #expect(report.error?.code == .messageTimedOut)
        #expect(report.error?.description.contains("timed out") == true)
        #expect(elapsed >= 2.5 && elapsed < 15, "took \(elapsed) s")
        #expect(producer.inFlight == 0)
    }

    @Test("a message over the producer's message.max.bytes is refused at once")
    func oversizedMessageRefused() throws {
        let producer = try unreachableProducer(["message.max.bytes": "100000"])
        let error = #expect(throws: KafkaError.self) {
            try producer.produce(topic: "traces", key: nil, value: [UInt8](repeating: 7, count: 200_000), token: 1)
        }
        #expect(error?.code == .messageSizeTooLarge)
        #expect(error?.name == "MSG_SIZE_TOO_LARGE")
        #expect(error?.description.contains("traces") == true)
        #expect(producer.poll().isEmpty)  // no delivery report for a refused message
    }

    @Test("a full local queue is refused at once with QUEUE_FULL")
    func queueFull() throws {
        let producer = try unreachableProducer(["queue.buffering.max.messages": "5", "message.timeout.ms": "500"])
        for token in 0..<5 {
            try producer.produce(topic: "traces", key: nil, value: bytes("\(token)"), token: UInt64(token))
        }
        let error = #expect(throws: KafkaError.self) {
            try producer.produce(topic: "traces", key: nil, value: bytes("5"), token: 5)
        }
        #expect(error?.code == .queueFull)
        _ = producer.flush(timeoutMs: 5_000)  // let them time out so the producer ends clean
    }

    @Test("destroying a producer with undelivered messages does not wait for message.timeout.ms")
    func destroyWithPendingMessages() throws {
        var producer: KafkaProducer? = try unreachableProducer(["message.timeout.ms": "60000"])
        try producer?.produce(topic: "traces", key: nil, value: bytes("lost"), token: 1)
        #expect((producer?.inFlight ?? 0) >= 1)  // the message, plus any queued error events
        let started = Date()
        producer = nil  // deinit: warns, then rd_kafka_destroy
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test("an unknown configuration property is rejected with librdkafka's reason")
    func badProperty() throws {
        let library = try KafkaTestEnvironment.requireLibrary()
        let error = #expect(throws: KafkaError.self) {
            try KafkaProducer(properties: ["bootstrap.servers": "127.0.0.1:1", "no.such.property": "1"], library: library)
        }
        #expect(error?.operation.contains("no.such.property") == true)
        #expect(error?.message.contains("No such configuration property") == true)
    }
}
