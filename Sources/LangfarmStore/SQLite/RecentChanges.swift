import DequeModule
import Synchronization

/// The newest recorded changes, with their rows, kept in memory so that a relay keeping up with
/// ingestion encodes what it publishes from here instead of reading the rows back from disk.
///
/// A transaction stages its changes here before it commits, and they become readable when the
/// commit has succeeded (or are discarded when it failed). Staging first means that a change
/// the table already shows as committed is in the window too: a relay that has caught up finds
/// the newest changes here, or waits for the commit in flight, and reads from the table only
/// what no transaction of this process is committing (nothing, while it keeps up).
///
/// The window forgets a change once the relay has read past it, so it holds about one round of
/// the relay's work. After a restart or a long outage the relay falls behind it and reads the
/// table; the window then keeps only the newest `capacity` changes: their rows, inputs and
/// outputs included, which is tens of MB at most. Changes another process (a CLI command)
/// recorded are never here: the gap in the sequences sends the relay to the table for them.
///
/// The writer takes the same lock for every commit, so the relay's reads keep it short: a
/// `Deque` drops its front without moving the rest, and a change is copied out as one reference.
final class RecentChanges: Sendable {
    let capacity: Int
    private let state = Mutex(Window())

    private struct Window {
        /// Staged and committed changes, in sequence order.
        var changes: Deque<RecordedChange> = []
        /// The newest committed sequence among `changes`; later ones are staged.
        var committedThrough: Int64 = 0
    }

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Adds a transaction's changes (in sequence order) before it commits.
    func stage(_ changes: [RecordedChange]) {
        guard !changes.isEmpty else { return }
        state.withLock { window in
            window.changes.append(contentsOf: changes)
            if window.changes.count > capacity { window.changes.removeFirst(window.changes.count - capacity) }
        }
    }

    /// The staged changes up to `sequence` have committed.
    func commit(through sequence: Int64) {
        state.withLock { $0.committedThrough = max($0.committedThrough, sequence) }
    }

    /// Forgets the staged changes of a transaction that did not commit.
    func discardStaged() {
        state.withLock { window in
            window.changes.removeLast(window.changes.count - window.changes.partitionIndex { $0.sequence > window.committedThrough })
        }
    }

    /// Forgets the changes up to `sequence`: the relay has published or cleared them.
    func drop(through sequence: Int64) {
        state.withLock { window in
            window.changes.removeFirst(window.changes.partitionIndex { $0.sequence > sequence })
        }
    }

    /// The committed change with this sequence, if the window holds it.
    func committed(_ sequence: Int64) -> RecordedChange? {
        state.withLock { window in
            let index = window.changes.partitionIndex { $0.sequence >= sequence }
            guard index < window.changes.count, window.changes[index].sequence == sequence, sequence <= window.committedThrough else {
                return nil
            }
            return window.changes[index]
        }
    }

    /// The committed changes right after `sequence`, as far as this window holds them without a
    /// gap: empty when the next one is still being committed, nil when the window does not hold
    /// `sequence + 1` (the caller then reads the table).
    func after(_ sequence: Int64, limit: Int) -> [RecordedChange]? {
        state.withLock { window in
            let changes = window.changes
            let start = changes.partitionIndex { $0.sequence > sequence }
            guard start < changes.count, changes[start].sequence == sequence + 1 else { return nil }
            var end = start
            var next = sequence + 1
            while end < min(start + limit, changes.count), changes[end].sequence == next, next <= window.committedThrough {
                end += 1
                next += 1
            }
            return Array(changes[start..<end])
        }
    }
}

extension Deque {
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
