import ArgumentParser

/// `langfarm`: a Langfuse-compatible tracing server in one binary.
@main
struct Langfarm: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "langfarm",
        abstract: "A Langfuse-compatible LLM tracing server.",
        subcommands: [Serve.self, Keys.self, Projects.self, Users.self, Models.self, Costs.self, Rebuild.self, Migrate.self, Outbox.self, Contract.self],
        defaultSubcommand: Serve.self
    )
}
