import ArgumentParser
import LangfarmCore
import LangfarmServer

/// `langfarm costs recompute`: re-prices stored generations with the current model definitions,
/// after prices were added or changed.
struct Costs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-price stored generations.",
        subcommands: [Recompute.self]
    )

    struct Recompute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute usage and cost of stored observations that name a model."
        )

        @Option(help: "Only this project's observations.")
        var project: String?

        @Option(help: "Only observations that started at or after this ISO-8601 time.")
        var since: String?

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let sinceMillis = try since.map { text in
                guard let millis = ISO8601.parse(text) else { throw ArgumentParser.ValidationError("--since: '\(text)' is not an ISO-8601 date-time") }
                return millis
            }
            let logger = CommandLogging.logger
            try await storeOptions.withStore { store, _ in
                try await BuiltInModels.install(into: store, logger: logger)
                let count = try await store.recomputeCosts(projectId: project, since: sinceMillis)
                print("Re-priced \(count) observations.")
            }
        }
    }
}
