import Synchronization

/// The newest outbox entries, kept in memory after their transaction commits, so that a relay
/// keeping up with ingestion reads what it publishes from here instead of back from disk.
/// After a restart or a long outage the relay falls behind this window and reads the table.
/// The relay clears what it published about once a second, so a few thousand entries (a few
/// MB) cover a relay that keeps up.
final class RecentChanges: Sendable {
    private let capacity: Int
    private let entries = Mutex<[OutboxEntry]>([])

    init(capacity: Int = 5_000) {
        self.capacity = capacity
    }

    /// Adds a committed transaction's entries (in sequence order).
    func append(_ committed: [OutboxEntry]) {
        guard !committed.isEmpty else { return }
        entries.withLock { entries in
            entries.append(contentsOf: committed)
            if entries.count > capacity { entries.removeFirst(entries.count - capacity / 2) }
        }
    }

    /// Forgets entries up to `sequence` once they are cleared from the table.
    func drop(through sequence: Int64) {
        entries.withLock { entries in
            entries.removeFirst(entries.partitionIndex { $0.sequence > sequence })
        }
    }

    /// The entries right after `sequence`, as far as this window holds them without a gap;
    /// nil when it does not hold `sequence + 1` (the caller then reads the table). Gaps occur
    /// when another process (a CLI command) recorded changes in the same store.
    func after(_ sequence: Int64, limit: Int) -> [OutboxEntry]? {
        entries.withLock { entries in
            let start = entries.partitionIndex { $0.sequence > sequence }
            guard start < entries.count, entries[start].sequence == sequence + 1 else { return nil }
            var end = start + 1
            while end < min(start + limit, entries.count), entries[end].sequence == entries[end - 1].sequence + 1 { end += 1 }
            return Array(entries[start..<end])
        }
    }
}

extension Array {
    /// The first index whose element satisfies `isAfter`, for elements ordered so that
    /// `isAfter` is false and then true (binary search).
    fileprivate func partitionIndex(where isAfter: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if isAfter(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
