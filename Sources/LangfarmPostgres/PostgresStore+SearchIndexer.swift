import LangfarmCore
import LangfarmStore

/// PostgreSQL keeps no search index (yet): searches check the rows themselves
/// (`PostgresSearch`), so there is nothing to index and no backlog. The background indexer
/// service runs against it all the same and finds nothing to do.
extension PostgresStore: SearchIndexer {
    public func indexSettledTraces(quietFor quietPeriod: Duration, limit: Int) async throws -> SearchIndexingRound {
        SearchIndexingRound(traces: 0, documentsChanged: 0)
    }

    public func searchBacklog() async throws -> SearchBacklogStatus {
        SearchBacklogStatus(traces: 0, oldestChange: nil)
    }
}

/// With every reader, the PostgreSQL store is a whole `Store`.
extension PostgresStore: Store {}
