import ArgumentParser
import Foundation
import LangfarmCore
import LangfarmStore

/// `langfarm outbox status`: how far the Kafka relay has got, and the changes the broker
/// refused for good (the dead letters), so that none is lost silently.
struct Outbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect the Kafka change feed's outbox.", subcommands: [Status.self]
    )

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pending changes, relay lag and dead letters.")

        @OptionGroup var storeOptions: StoreOptions

        @Option(help: "How many of the newest dead letters to list.")
        var deadLetters = 20

        func run() async throws {
            try await storeOptions.withStore { store, _ in
                let status = try await store.outboxStatus()
                print("change feed:      \(status.enabled ? "on (a server publishes to Kafka)" : "off")")
                print("pending changes:  \(status.depth)")
                print("last sequence:    \(status.lastSequence) (published or dead-lettered up to \(status.acknowledged))")
                if let oldest = status.oldestPendingCommittedAt {
                    print("oldest pending:   committed \(ISO8601.format(oldest)) (\(Double(status.lagMillis(now: EpochMillis.now)) / 1000) s ago)")
                }
                print("dead letters:     \(status.deadLetters)")
                for letter in try await store.deadLetters(limit: deadLetters) {
                    let entry = letter.entry
                    print("  #\(entry.sequence) \(entry.kind.rawValue) \(entry.entityId) (project \(entry.projectId), \(entry.value.utf8.count) bytes) at \(ISO8601.format(letter.failedAt)): \(letter.error)")
                }
            }
        }
    }
}
