import ArgumentParser
import LangfarmStore

/// `langfarm projects list|set-retention`: the projects and how long each keeps its data.
/// Safe to run while servers use the store: they read the setting at their next retention pass.
struct Projects: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List projects and set how long each keeps its data.",
        subcommands: [List.self, SetRetention.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List projects with their own retention (or \"default\").")

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            try await storeOptions.withStore { store, _ in
                let projects = try await store.projects()
                guard !projects.isEmpty else {
                    print("No projects. Create one with: langfarm keys create --project ID")
                    return
                }
                for project in projects {
                    print([project.id, project.name, project.retention.map(\.description) ?? "default"].joined(separator: "\t"))
                }
            }
        }
    }

    struct SetRetention: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set how many days a project keeps its traces, observations and scores.",
            discussion: """
                DAYS is \(Retention.minimumDays) or more, 0 to keep data for ever, or "default" to follow the \
                server's LANGFUSE_RETENTION_DAYS. Running servers delete what is older within one retention \
                pass (--retention-interval, a minute by default).
                """
        )

        @Argument(help: "The project id.") var project: String
        @Argument(help: "Days, 0 (for ever) or \"default\".") var days: String
        @OptionGroup var storeOptions: StoreOptions

        func validate() throws { _ = try retention() }

        private func retention() throws -> Retention? {
            if days == "default" { return nil }
            guard let count = Int(days) else { throw ValidationError("DAYS must be a whole number of days, 0 or \"default\", not \(days)") }
            do { return try Retention(days: count) } catch { throw ValidationError("\(error)") }
        }

        func run() async throws {
            let retention = try retention()
            try await storeOptions.withStore { store, _ in
                guard try await store.setRetention(projectId: project, retention) else {
                    throw ValidationError("there is no project \(project); `langfarm projects list` shows them")
                }
                print("Project \(project) now keeps data: \(retention.map(\.description) ?? "as the server's default")")
            }
        }
    }
}
