import Logging
import PostgresNIO

/// Statements as the store runs them: every row read at once (results are small: keys,
/// accounts, model definitions), and a refusal turned into a `PostgresStatementError` that says
/// what the server said.
extension PostgresConnection {
    /// Refuses at once on a connection that has closed: PostgresNIO 1.33 hands a statement to
    /// a closed channel without failing it, and the caller would wait forever (its fix, #487,
    /// was reverted in #501). The server closes connections when it shuts down or restarts.
    @discardableResult
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        guard !isClosed else { throw PostgresStatementError.connectionClosed }
        return try await collectingRows { try await self.query(query, logger: logger) }
    }
}

/// Every row of a statement's result, a refusal turned into a `PostgresStatementError`.
private func collectingRows(_ run: () async throws -> PostgresRowSequence) async throws -> [PostgresRow] {
    do {
        return try await run().collect()
    } catch let error as PSQLError {
        throw PostgresStatementError(error)
    }
}

extension PostgresConnection {
    /// Runs `body` in a transaction on this connection: committed if it returns, rolled back if
    /// it throws. The error `body` threw comes out as it was.
    ///
    /// Written here rather than using PostgresNIO's `withTransaction`, which wraps every error in
    /// a `PostgresTransactionError` and, worse, sends `ROLLBACK` on a connection the server has
    /// just closed, where (in PostgresNIO 1.33) the statement never completes and the caller
    /// hangs. A closed connection needs no rollback: the server discards the transaction.
    func transaction<Value: Sendable>(logger: Logger, _ body: (PostgresConnection) async throws -> Value) async throws -> Value {
        try await rows("BEGIN", logger: logger)
        let value: Value
        do {
            value = try await body(self)
        } catch {
            let connectionLost = (error as? PostgresStatementError)?.isConnectionFailure == true || isClosed
            if !connectionLost { try? await rows("ROLLBACK", logger: logger) }
            throw error
        }
        try await rows("COMMIT", logger: logger)
        return value
    }
}
