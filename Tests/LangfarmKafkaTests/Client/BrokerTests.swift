import Foundation
import Testing
import LangfarmKafka

@Suite("Kafka against a real tansu broker", .enabled(if: KafkaTestEnvironment.brokerTestsEnabled))
struct BrokerTests {
    @Test("1000 keyed messages with headers: lz4, idempotent, acks=all; read back in order")
    func roundTrip() async throws {
        try await withTansu { broker in
            let library = try KafkaTestEnvironment.requireLibrary()
            let bootstrap = ["bootstrap.servers": broker.bootstrapServers]
            let admin = try KafkaAdmin(properties: bootstrap, library: library)
            let topic = "langfarm-ingest"
            #expect(try admin.createTopics(names: [topic], partitions: 3, timeout: .seconds(10))
                == [TopicCreationResult(name: topic, outcome: .created)])

            let producer = try KafkaProducer(properties: bootstrap, library: library)
            let count = 1000
            var reports: [DeliveryReport] = []
            for seq in 0..<count {
                try producer.produce(
                    topic: topic, key: key(seq), value: value(seq), headers: headers(seq),
                    token: UInt64(seq))
                if seq % 100 == 99 { reports += producer.poll() }
            }
            let flushed = producer.flush(timeoutMs: 30_000)
            reports += flushed.reports
            #expect(flushed.outstanding == 0)
            #expect(reports.count == count)
            #expect(reports.filter { !$0.succeeded }.isEmpty, "\(reports.compactMap(\.error).prefix(3))")
            #expect(Set(reports.map(\.token)) == Set((0..<count).map(UInt64.init)))
            let placement = Dictionary(reports.map { ($0.token, $0) }) { first, _ in first }

            let consumer = try KafkaConsumer(properties: bootstrap, library: library)
            try consumer.assign(topic: topic, partitions: [0, 1, 2])
            let messages = try consume(consumer, expected: count, timeout: 30)
            #expect(messages.count == count)

            var lastSeqByKey: [String: Int] = [:]
            var lastOffsetByPartition: [Int32: Int64] = [:]
            var partitionsByKey: [String: Set<Int32>] = [:]
            for message in messages {
                let seqText = try #require(text(message.headers.first { $0.0 == "seq" }?.1))
                let seq = try #require(Int(seqText))
                #expect(message.topic == topic)
                #expect(message.key == key(seq))
                #expect(message.value == value(seq))
                #expect(message.headers.map(\.0) == headers(seq).map(\.0))
                #expect(message.headers.map(\.1) == headers(seq).map(\.1))
                // The delivery report told the truth about where the message went.
                #expect(placement[UInt64(seq)]?.partition == message.partition)
                #expect(placement[UInt64(seq)]?.offset == message.offset)
                // Per partition, offsets rise; per key (one partition each), produce order holds.
                let keyText = text(message.key) ?? ""
                #expect(message.offset > lastOffsetByPartition[message.partition, default: -1])
                #expect(seq > lastSeqByKey[keyText, default: -1])
                lastOffsetByPartition[message.partition] = message.offset
                lastSeqByKey[keyText] = seq
                partitionsByKey[keyText, default: []].insert(message.partition)
            }
            #expect(partitionsByKey.values.allSatisfy { $0.count == 1 })
            #expect(Set(messages.map(\.partition)).count > 1, "keys should spread over partitions")
            consumer.close()
        }
    }

    @Test("creating an existing topic reports alreadyExists")
    func createExistingTopic() async throws {
        try await withTansu { broker in
            let admin = try KafkaAdmin(
                properties: ["bootstrap.servers": broker.bootstrapServers],
                library: KafkaTestEnvironment.requireLibrary())
            let first = try admin.createTopics(names: ["a", "b"], partitions: 3, timeout: .seconds(10))
            #expect(Set(first.map(\.name)) == ["a", "b"])
            #expect(first.allSatisfy { $0.outcome == .created })
            let second = try admin.createTopics(names: ["a", "c"], partitions: 3, timeout: .seconds(10))
            #expect(second.first { $0.name == "a" }?.outcome == .alreadyExists)
            #expect(second.first { $0.name == "c" }?.outcome == .created)
        }
    }

    @Test("a message larger than message.max.bytes fails with a clear error")
    func oversizedMessage() async throws {
        try await withTansu { broker in
            let library = try KafkaTestEnvironment.requireLibrary()
            let bootstrap = ["bootstrap.servers": broker.bootstrapServers]
            _ = try KafkaAdmin(properties: bootstrap, library: library)
                .createTopics(names: ["big"], partitions: 1, timeout: .seconds(10))
            let producer = try KafkaProducer(properties: bootstrap, library: library)
            // Default message.max.bytes is 1000000: a 2 MB value is refused before it is sent.
            let error = #expect(throws: KafkaError.self) {
                try producer.produce(topic: "big", key: nil, value: [UInt8](repeating: 1, count: 2_000_000), token: 1)
            }
            #expect(error?.code == .messageSizeTooLarge)
            #expect(error?.description.contains("too large") == true)
            // The producer still works afterwards.
            try producer.produce(topic: "big", key: nil, value: bytes("small"), token: 2)
            let reports = producer.flush(timeoutMs: 10_000).reports
            #expect(reports.map(\.token) == [2])
            #expect(reports.first?.succeeded == true)
        }
    }

    @Test("a consumer group (subscribe) reads what was produced")
    func subscribeWithGroup() async throws {
        try await withTansu { broker in
            let library = try KafkaTestEnvironment.requireLibrary()
            let bootstrap = ["bootstrap.servers": broker.bootstrapServers]
            _ = try KafkaAdmin(properties: bootstrap, library: library)
                .createTopics(names: ["grouped"], partitions: 3, timeout: .seconds(10))
            let producer = try KafkaProducer(properties: bootstrap, library: library)
            for seq in 0..<30 {
                try producer.produce(topic: "grouped", key: key(seq), value: value(seq), token: UInt64(seq))
            }
            let delivered = producer.flush(timeoutMs: 10_000).reports
            #expect(delivered.count == 30 && delivered.allSatisfy { $0.succeeded })
            let consumer = try KafkaConsumer(properties: bootstrap.merging(["group.id": "g1"]) { $1 }, library: library)
            try consumer.subscribe(topics: ["grouped"])
            let messages = try consume(consumer, expected: 30, timeout: 40)
            #expect(messages.count == 30)
            #expect(Set(messages.compactMap { text($0.value) }) == Set((0..<30).compactMap { text(value($0)) }))
            consumer.close()
        }
    }

    private func key(_ seq: Int) -> [UInt8] { bytes("trace-\(seq % 7)") }

    private func value(_ seq: Int) -> [UInt8] {
        bytes(#"{"seq":\#(seq),"name":"span","input":"\#(String(repeating: "lorem ipsum ", count: 10))"}"#)
    }

    private func headers(_ seq: Int) -> [(String, [UInt8])] {
        [("seq", bytes(String(seq))), ("content-type", bytes("application/json")), ("empty", [])]
    }
}
