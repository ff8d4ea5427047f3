import GRDB
import LangfarmCore

extension SQLiteStore {
    /// Claims settled traces in one short write, reads their content from a snapshot, builds
    /// the documents on the caller's thread (the background service's, at low priority), then
    /// stores them in a second short write. Only the index writes hold the write lock.
    public func indexSettledTraces(quietFor quietPeriod: Duration, limit: Int) async throws -> SearchIndexingRound {
        let claimed = try await claimSettledTraces(quietFor: quietPeriod, limit: limit)
        guard !claimed.isEmpty else { return SearchIndexingRound(traces: 0, documentsChanged: 0) }
        let documents = try await searchDocuments(of: claimed)
        let changed = try await storeSearchDocuments(documents)
        return SearchIndexingRound(traces: claimed.count, documentsChanged: changed)
    }

    public func searchBacklog() async throws -> SearchBacklogStatus {
        try await pool.read { db in try SQLiteSearchBacklog.status(in: db) }
    }

    /// Claims up to `limit` backlog traces quiet for `quietPeriod` (`SQLiteSearchBacklog`). A
    /// read first spares the write lock when none has settled.
    func claimSettledTraces(quietFor quietPeriod: Duration, limit: Int) async throws -> [TraceKey] {
        let cutoff = EpochMillis.now - EpochMillis(quietPeriod / .milliseconds(1))
        guard try await pool.read({ db in try SQLiteSearchBacklog.hasSettled(by: cutoff, in: db) }) else { return [] }
        return try await write { db in try SQLiteSearchBacklog.claim(settledBy: cutoff, limit: limit, in: db) }
    }

    /// The current words and id text of claimed traces, read after the claim committed.
    func searchDocuments(of traces: [TraceKey]) async throws -> [(TraceKey, SearchDocument)] {
        let contents = try await pool.read { db in
            try traces.map { (try SQLiteSearchDocuments.content(of: $0, in: db), try SQLiteIdSearch.document(of: $0, in: db)) }
        }
        return zip(traces, contents).map { key, content in
            (key, SearchDocument(words: SQLiteSearchDocuments.words(of: content.0), ids: content.1))
        }
    }

    /// Stores the documents of the traces still claimed, and takes those off the backlog; a
    /// trace written or deleted since its claim keeps its entry, or has none, and is skipped.
    /// Returns for how many traces a document changed.
    func storeSearchDocuments(_ documents: [(TraceKey, SearchDocument)]) async throws -> Int {
        try await write { db in
            var changed = 0
            for (key, document) in documents where try SQLiteSearchBacklog.isStillClaimed(key, in: db) {
                let wordsChanged = try SQLiteSearchDocuments.store(document.words, for: key, in: db)
                let idsChanged = try SQLiteIdSearch.store(document.ids, for: key, in: db)
                if wordsChanged || idsChanged { changed += 1 }
                try SQLiteSearchBacklog.remove(key, in: db)
            }
            return changed
        }
    }
}

/// What the indexer stores for one trace: its content words (`SQLiteSearchDocuments`) and the
/// text of its ids and names (`SQLiteIdSearch`; nil when the trace has no row).
struct SearchDocument {
    let words: String
    let ids: String?
}
