import Logging
import LangfarmCore

/// Batches concurrent requests into one store transaction (group commit).
///
/// A request is acknowledged only after the transaction holding its events has committed, so
/// "acknowledged" means "durable". While one transaction is being written, new requests queue up
/// and are committed together in the next one: under load the cost of a durable commit is shared
/// by many requests.
public actor GroupCommitter {
    private let store: any EventWriter
    private let maxEventsPerCommit: Int
    private var pending: [(batch: EventBatch, continuation: CheckedContinuation<Void, any Error>)] = []
    private var isFlushing = false

    public init(store: any EventWriter, maxEventsPerCommit: Int = 20_000) {
        self.store = store
        self.maxEventsPerCommit = maxEventsPerCommit
    }

    /// Returns once `batch` is committed; throws if the commit failed.
    public func commit(_ batch: EventBatch) async throws {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((batch, continuation))
            if !isFlushing {
                isFlushing = true
                Task { await self.flushLoop() }
            }
        }
    }

    private func flushLoop() async {
        while !pending.isEmpty {
            var taken = 0
            var count = 0
            while taken < pending.count, count == 0 || count + pending[taken].batch.events.count <= maxEventsPerCommit {
                count += pending[taken].batch.events.count
                taken += 1
            }
            let group = Array(pending.prefix(taken))
            pending.removeFirst(taken)
            do {
                try await store.commit(group.map(\.batch))
                for entry in group { entry.continuation.resume() }
            } catch where group.count == 1 || error is StoreUnavailableError {
                // Committing the batches one by one cannot help while the store is unreachable;
                // each would wait for it again. Their requests get 503 now, and clients retry.
                for entry in group { entry.continuation.resume(throwing: error) }
            } catch {
                // Commit each batch alone, so one batch the store refuses fails only its request.
                for entry in group {
                    do {
                        try await store.commit([entry.batch])
                        entry.continuation.resume()
                    } catch {
                        entry.continuation.resume(throwing: error)
                    }
                }
            }
        }
        isFlushing = false
    }
}
