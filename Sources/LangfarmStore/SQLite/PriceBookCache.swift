import GRDB
import LangfarmCore
import Synchronization

/// The price book of a SQLite store, rebuilt only when the models' revision moves. Any process
/// that changes models (the server, `langfarm models import`) bumps the revision in the same
/// transaction, so a server notices imports made while it runs at its next commit.
final class PriceBookCache: Sendable {
    private let book = Mutex(PriceBook.empty)

    func current(in db: Database) throws -> PriceBook {
        let revision = try SQLiteModels.revision(in: db)
        let cached = book.withLock { $0 }
        if cached.revision == revision { return cached }
        let fresh = PriceBook(revision: revision, definitions: try SQLiteModels.all(in: db))
        book.withLock { $0 = fresh }
        return fresh
    }
}
