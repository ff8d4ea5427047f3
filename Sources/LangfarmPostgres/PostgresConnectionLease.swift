import _ConnectionPoolModule
import LangfarmStore
import PostgresNIO
import Synchronization

/// Every statement of the store runs through here, so that a database that has gone away is
/// reported the same way everywhere: as a `StoreUnavailableError`, within `connectionWait` or a
/// little more.
///
/// PostgresClient queues a request for a connection while it cannot connect, and fails the
/// queue only after a minute (its circuit breaker, which it does not let us configure). A
/// client sending traces would time out long before that. So a request still waiting after
/// `connectionWait` probes the database with a connection of its own: if that fails too, the
/// request is cancelled (the pool drops it) and the caller gets 503 with `Retry-After`. If the
/// database answers, the pool is only busy (connections wait for the projection lock under
/// load), and the request keeps waiting. Once a connection is leased, the statement runs as
/// long as it needs.
extension PostgresStore {
    /// Runs `body` on a pooled connection leased within `connectionWait`, in a transaction of
    /// the store's own (`PostgresClient+Statements.swift`) when `inTransaction`, turning
    /// connection failures into `StoreUnavailableError`.
    func leasing<Value: Sendable>(
        inTransaction: Bool, _ body: (PostgresConnection) async throws -> Value
    ) async throws -> Value {
        do {
            return try await withoutActuallyEscaping(body) { body in
                // The group below is awaited before this closure returns, so `body` runs (at
                // most once, in the leasing child task) while it is still valid, and nothing
                // else calls it meanwhile.
                let work = UncheckedBody(run: body)
                let leased = LeaseSignal()
                return try await withThrowingTaskGroup(of: Value?.self) { group in
                    group.addTask { [client, logger] in
                        try await client.withConnection { connection in
                            guard inTransaction else {
                                leased.mark()
                                return try await work.run(connection)
                            }
                            return try await connection.transaction(logger: logger) { connection in
                                leased.mark()
                                return try await work.run(connection)
                            }
                        }
                    }
                    group.addTask { [connectionWait, databaseName, url, logger] in
                        while true {
                            try await Task.sleep(for: connectionWait)
                            if leased.isMarked { return nil }
                            if let failure = try await PostgresAvailability.probe(url, connectTimeout: connectionWait, logger: logger),
                               PostgresAvailability.isWorthWaitingFor(failure), !leased.isMarked {
                                throw StoreUnavailableError("PostgreSQL at \(databaseName): \(PostgresErrorText.describe(failure))")
                            }
                        }
                    }
                    while let next = try await group.next() {
                        if let value = next {
                            group.cancelAll()
                            return value
                        }
                    }
                    preconditionFailure("the leasing task returns a value or throws")
                }
            }
        } catch let error as PostgresStatementError where error.isConnectionFailure {
            throw StoreUnavailableError("PostgreSQL at \(databaseName): \(error.message)")
        } catch let error as ConnectionPoolError where error == .connectionCreationCircuitBreakerTripped {
            throw StoreUnavailableError("PostgreSQL at \(databaseName): no connection could be made for a minute")
        }
    }
}

/// Set once the pool has handed over a connection.
private final class LeaseSignal: Sendable {
    private let leased = Atomic(false)

    func mark() { leased.store(true, ordering: .sequentiallyConsistent) }
    var isMarked: Bool { leased.load(ordering: .sequentiallyConsistent) }
}

/// A statement body moved into the task that leases its connection. See `leasing`.
private struct UncheckedBody<Value>: @unchecked Sendable {
    let run: (PostgresConnection) async throws -> Value
}
