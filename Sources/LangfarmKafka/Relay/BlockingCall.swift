import Foundation

/// Runs a call that blocks its thread (librdkafka's admin requests wait for the broker) on a
/// thread of its own, so that it never holds one of Swift concurrency's few shared threads.
func offThePool<Value: Sendable>(_ call: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try call() })
        }
    }
}
