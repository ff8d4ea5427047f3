import Logging
import PostgresNIO

/// Statements as the store runs them: every row read at once (results are small: keys,
/// accounts, model definitions), and a refusal turned into a `PostgresStatementError` that says
/// what the server said.
extension PostgresConnection {
    @discardableResult
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await collectingRows { try await self.query(query, logger: logger) }
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

extension PostgresClient {
    @discardableResult
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await collectingRows { try await self.query(query, logger: logger) }
    }

    /// Runs `body` in a transaction on one pooled connection: committed if it returns, rolled
    /// back if it throws. The error `body` threw comes out as it was; PostgresNIO's own
    /// `withTransaction` would wrap it in a `PostgresTransactionError`.
    func transaction<Value: Sendable>(logger: Logger, _ body: (PostgresConnection) async throws -> Value) async throws -> Value {
        do {
            return try await withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            if let closureError = error.closureError { throw closureError }
            throw PostgresStatementError(error)
        } catch let error as PSQLError {
            throw PostgresStatementError(error)
        }
    }
}
