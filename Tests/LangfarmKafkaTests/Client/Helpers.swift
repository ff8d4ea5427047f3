import Foundation
import LangfarmKafka

/// Polls until `expected` delivery reports have arrived or `timeout` passes.
func collectDeliveries(from producer: KafkaProducer, expected: Int, timeout: TimeInterval) -> [DeliveryReport] {
    var reports: [DeliveryReport] = []
    let deadline = Date().addingTimeInterval(timeout)
    while reports.count < expected && Date() < deadline {
        reports += producer.poll(timeoutMs: 100)
    }
    return reports
}

/// Consumes until `expected` messages have arrived or `timeout` passes.
func consume(_ consumer: KafkaConsumer, expected: Int, timeout: TimeInterval) throws -> [KafkaMessage] {
    var messages: [KafkaMessage] = []
    let deadline = Date().addingTimeInterval(timeout)
    while messages.count < expected && Date() < deadline {
        if let message = try consumer.poll(timeoutMs: 200) { messages.append(message) }
    }
    return messages
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
func text(_ bytes: [UInt8]?) -> String? { bytes.map { String(decoding: $0, as: UTF8.self) } }
