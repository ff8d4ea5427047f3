import DequeModule
import Synchronization

/// A lock that a task holds across suspension points, handed to waiters first come, first
/// served.
///
/// The SQLite store writes one projection transaction in several accesses to its writer
/// connection (`SQLiteProjectionTransaction`), suspending between them; this lock keeps every
/// other write out until that transaction has committed or rolled back. `Mutex` cannot be held
/// across an `await`, and an actor's methods interleave at each one.
final class AsyncLock: Sendable {
    private struct State {
        var isLocked = false
        var waiters: Deque<CheckedContinuation<Void, Never>> = []
    }

    private let state = Mutex(State())

    /// Runs `body` holding the lock; waits for it first if another task holds it.
    func withLock<Value>(_ body: () async throws -> Value) async rethrows -> Value {
        await lock()
        defer { unlock() }
        return try await body()
    }

    private func lock() async {
        let acquired = state.withLock { state in
            guard state.isLocked else {
                state.isLocked = true
                return true
            }
            return false
        }
        if acquired { return }
        await withCheckedContinuation { continuation in
            let acquiredMeanwhile = state.withLock { state in
                guard state.isLocked else {
                    state.isLocked = true
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if acquiredMeanwhile { continuation.resume() }
        }
    }

    /// Hands the lock to the longest waiter, which then holds it without taking it again.
    private func unlock() {
        let next = state.withLock { state in
            guard let next = state.waiters.popFirst() else {
                state.isLocked = false
                return nil as CheckedContinuation<Void, Never>?
            }
            return next
        }
        next?.resume()
    }
}
