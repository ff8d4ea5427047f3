import LangfarmCore
import Logging
import PostgresNIO
import Synchronization

/// The price book of a PostgreSQL store, read again only when the models' revision moves. Every
/// change to model definitions, by any server or command, bumps the revision in its own
/// transaction (`PostgresModels`), so each server prices its next commit with it.
final class PostgresPriceBookCache: Sendable {
    private let book = Mutex(PriceBook.empty)

    func current(on connection: PostgresConnection, logger: Logger) async throws -> PriceBook {
        let revision = try await connection.rows("SELECT revision FROM revisions WHERE name = 'models'", logger: logger)
            .first?.decode(Int64.self) ?? 0
        let cached = book.withLock { $0 }
        if cached.revision == revision { return cached }
        let models = PostgresModels(connection: connection, logger: logger)
        let ids = try await connection.rows("SELECT id FROM models", logger: logger).map { try $0.decode(String.self) }
        let fresh = PriceBook(revision: revision, definitions: Array(try await models.definitions(ids: ids).values))
        book.withLock { $0 = fresh }
        return fresh
    }
}
