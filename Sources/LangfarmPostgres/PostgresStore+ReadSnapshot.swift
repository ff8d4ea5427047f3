import PostgresNIO

extension PostgresStore {
    /// Runs the statements of one read (a list's count and its page) on one snapshot of the
    /// database, as the SQLite store reads in one transaction: a commit between them cannot
    /// make the total disagree with the page.
    func readSnapshot<Value: Sendable>(_ body: (PostgresConnection) async throws -> Value) async throws -> Value {
        try await transaction { connection in
            try await connection.rows("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            return try await body(connection)
        }
    }
}
