import ArgumentParser
import LangfarmServer

/// `langfarm rebuild`: recomputes every trace, observation and score from the raw event log.
struct Rebuild: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Recompute all rows from the raw event log.")

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        try await storeOptions.withStore { store, _ in
            let summary = try await store.rebuild()
            print("Rebuilt from \(summary.events) events: \(summary.traces) traces, \(summary.observations) observations, \(summary.scores) scores.")
        }
    }
}
