import ArgumentParser
import Foundation
import LangfarmCore
import LangfarmServer
import LangfarmStore

/// `langfarm keys create|list|revoke`: manage a project's API keys. Safe to run while a server
/// uses the same data directory.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create, list and revoke API keys.",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key pair for a project (creating the project if needed).")

        @Option(help: "The project id.") var project: String
        @Option(help: "A name for the key.") var name: String?
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let logger = CommandLogging.logger
            try await storeOptions.withStore { store, location in
                let salt = try location.salt(environment: ProcessInfo.processInfo.environment, logger: logger)
                if try await store.project(id: project) == nil {
                    try await store.upsertProject(Project(id: project, name: project))
                }
                let (publicKey, secretKey) = APIKeys.generatePair()
                try await store.insertAPIKey(APIKeyRecord(
                    publicKey: publicKey, hashedSecret: APIKeys.hashSecret(secretKey, salt: salt),
                    displaySecret: APIKeys.displaySecret(secretKey), projectId: project, name: name,
                    createdAt: EpochMillis.now
                ))
                print("""
                    Created an API key for project \(project).
                    LANGFUSE_PUBLIC_KEY=\(publicKey)
                    LANGFUSE_SECRET_KEY=\(secretKey)
                    The secret key is shown only now: store it safely.
                    """)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (secrets are never shown).")

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            try await storeOptions.withStore { store, _ in
                let keys = try await store.apiKeys()
                guard !keys.isEmpty else {
                    print("No API keys. Create one with: langfarm keys create --project ID")
                    return
                }
                for key in keys {
                    print([key.publicKey, key.displaySecret, key.projectId, key.name ?? "-", ISO8601.format(key.createdAt)].joined(separator: "\t"))
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key by its public key.")

        @Argument(help: "The public key (pk-lf-…).") var publicKey: String
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            try await storeOptions.withStore { store, location in
                guard try await store.revokeAPIKey(publicKey: publicKey) else {
                    throw ArgumentParser.ValidationError("No key \(publicKey) in \(location)")
                }
                print("Revoked \(publicKey). Running servers stop accepting it within 10 seconds.")
            }
        }
    }
}
