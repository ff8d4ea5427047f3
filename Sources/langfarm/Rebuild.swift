import ArgumentParser
import LangfarmServer

/// `langfarm rebuild`: recomputes every trace, observation and score from the raw event log.
struct Rebuild: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Recompute all rows from the raw event log.")

    @OptionGroup var dataDir: DataDirOption

    func run() async throws {
        let store = try await dataDir.openStore()
        let summary = try await store.rebuild()
        print("Rebuilt from \(summary.events) events: \(summary.traces) traces, \(summary.observations) observations, \(summary.scores) scores.")
    }
}
