import ArgumentParser
import Foundation
import LangfarmCore
import LangfarmKafka

/// `langfarm contract`: prints the lake contract — the Flink SQL job and the JSON Schema of each
/// topic — generated from the same definitions the Kafka messages are encoded from, so that
/// what `deploy/` ships cannot drift from what Langfarm sends.
struct Contract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the Kafka message contract: Flink SQL jobs and JSON Schemas.",
        subcommands: [SQL.self, Schema.self, Write.self]
    )

    enum Topic: String, ExpressibleByArgument, CaseIterable {
        case traces, observations, scores

        var kind: EntityKind {
            switch self {
            case .traces: .trace
            case .observations: .observation
            case .scores: .score
            }
        }
    }

    struct JobOptions: ParsableArguments {
        @Option(help: "Kafka bootstrap servers as Flink reaches them.")
        var kafkaBrokers = FlinkJobSettings().kafkaBrokers

        @Option(help: "Topic prefix Langfarm publishes with (serve --kafka-topic-prefix).")
        var kafkaTopicPrefix = ""

        @Option(help: "Paimon warehouse URI (file://, s3://, hdfs://).")
        var warehouse = FlinkJobSettings().warehouse

        func sql(_ kind: EntityKind) -> String {
            LakeContract.flinkSQL(
                kind: kind, topics: LakeTopics(prefix: kafkaTopicPrefix),
                settings: FlinkJobSettings(kafkaBrokers: kafkaBrokers, warehouse: warehouse)
            )
        }
    }

    struct SQL: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The Flink SQL job landing a topic in its Paimon table.")

        @Argument(help: "traces, observations or scores.")
        var topic: Topic

        @OptionGroup var job: JobOptions

        func run() { print(job.sql(topic.kind), terminator: "") }
    }

    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The JSON Schema of a topic's messages.")

        @Argument(help: "traces, observations or scores.")
        var topic: Topic

        func run() { print(LakeContract.jsonSchema(kind: topic.kind), terminator: "") }
    }

    struct Write: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write every job and schema under DIR/flink and DIR/contract (how deploy/ is regenerated)."
        )

        @Argument(help: "The directory, e.g. deploy.")
        var directory: String

        @OptionGroup var job: JobOptions

        func run() throws {
            let root = URL(fileURLWithPath: directory)
            for folder in ["flink", "contract"] {
                try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
            for topic in Topic.allCases {
                try job.sql(topic.kind).write(
                    to: root.appendingPathComponent("flink/\(LakeContract.flinkSQLFileName(kind: topic.kind))"), atomically: true, encoding: .utf8
                )
                try LakeContract.jsonSchema(kind: topic.kind).write(
                    to: root.appendingPathComponent("contract/\(LakeContract.jsonSchemaFileName(kind: topic.kind))"), atomically: true, encoding: .utf8
                )
            }
            print("Wrote \(Topic.allCases.count) Flink SQL jobs and JSON Schemas under \(directory)")
        }
    }
}
