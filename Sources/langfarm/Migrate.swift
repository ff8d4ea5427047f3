import ArgumentParser
import LangfarmKafka
import LangfarmPostgres
import LangfarmServer

/// `langfarm migrate --to postgres://…`: copies the embedded store of a data directory into an
/// empty PostgreSQL database and checks that both hold the same (`EmbeddedStoreCopy`).
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the embedded store into an empty PostgreSQL database, then compare them.",
        discussion: """
            Copies projects, API keys, UI users and memberships, saved views, model definitions, the raw event log and \
            partition anchors, then rebuilds every row on PostgreSQL and checks that both stores hold the same counts. \
            Stop the server first: events it accepts during the copy would be missed. Signed-in UI sessions are not \
            copied, nor pending Kafka changes (let the outbox drain first).
            """
    )

    @OptionGroup var dataDir: DataDirOption

    @Option(name: .customLong("to"), help: "The PostgreSQL database, postgres://user:password@host:5432/database (libpq's sslmode applies).")
    var databaseURL: String

    func run() async throws {
        let logger = CommandLogging.logger
        let source = try await DataDirectory(path: dataDir.path).openStore(changeEncoder: LakeMessageEncoder())
        let target = try await PostgresStore.connect(url: databaseURL, logger: logger, changeEncoder: LakeMessageEncoder())
        do {
            let counts = try await EmbeddedStoreCopy.copy(from: source, to: target) { logger.info("\($0)") }
            print("Copied \(dataDir.path) into PostgreSQL: \(counts).")
            await target.shutdown()
        } catch {
            await target.shutdown()
            throw error
        }
    }
}
