import ArgumentParser
import Foundation
import LangfarmCore
import LangfarmServer

/// `langfarm models import FILE`: loads model price definitions from a file in the shape of
/// Langfuse's default-model-prices.json. Works while a server runs on the same data: the
/// server picks the new prices up at its next commit.
struct Models: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage model price definitions.",
        subcommands: [Import.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import model definitions from a JSON price file (inserted, or replaced by id).",
            discussion: "Without --project they become built-in definitions every project sees."
        )

        @Argument(help: "A JSON array of models: {id, modelName, matchPattern, pricingTiers, tokenizerId?, …}.")
        var file: String

        @Option(help: "Import as this project's own definitions instead of built-in ones.")
        var project: String?

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw ArgumentParser.ValidationError("cannot read \(file): \(error.localizedDescription)")
            }
            let definitions = try DefaultModelPrices.read(priceFile: text, projectId: project, now: EpochMillis.now)
            try await storeOptions.withStore { store, _ in
                let changed = try await store.upsertModels(definitions)
                print("Imported \(definitions.count) model definitions from \(file): \(changed) new or changed.")
                print("Stored generations keep their costs until `langfarm costs recompute` re-prices them.")
            }
        }
    }
}
