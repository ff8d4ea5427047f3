import Logging
import PostgresNIO

/// Brings a database to the newest schema version this build knows, one migration per
/// transaction. Each transaction first takes the migration advisory lock, then reads the
/// version: servers starting together on a fresh database queue on the lock, one applies each
/// migration, and the others find it applied.
struct PostgresMigrator {
    let migrations: [PostgresMigration]
    let lockKey: Int64
    /// How messages name the database: `host:port/database`.
    let database: String
    let logger: Logger

    /// Returns the schema version the database has afterwards.
    @discardableResult
    func migrate(_ client: PostgresClient) async throws -> Int {
        let newest = migrations.last?.version ?? 0
        while true {
            let version = try await client.withConnection { connection in
                try await connection.transaction(logger: logger) { connection in
                    try await connection.rows("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
                    let current = try await Self.version(on: connection, logger: logger)
                    guard current <= newest else {
                        throw PostgresSchemaError.tooNew(database: database, databaseVersion: current, newestKnown: newest)
                    }
                    guard let next = migrations.first(where: { $0.version > current }) else { return current }
                    try await apply(next, on: connection)
                    return next.version
                }
            }
            if version == newest { return version }
        }
    }

    private func apply(_ migration: PostgresMigration, on connection: PostgresConnection) async throws {
        do {
            for statement in migration.statements {
                try await connection.rows(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            try await connection.rows(
                "INSERT INTO langfarm_schema_version (version, name) VALUES (\(migration.version), \(migration.name))", logger: logger
            )
        } catch let error as PostgresStatementError {
            throw PostgresSchemaError.migrationFailed(database: database, version: migration.version, name: migration.name, reason: error.message)
        }
        logger.notice("migrated the database at \(database) to schema version \(migration.version) (\(migration.name))")
    }

    /// The newest version applied, 0 for a database Langfarm has never migrated. One row per
    /// applied migration, with when it was applied, for whoever inspects the database.
    static func version(on connection: PostgresConnection, logger: Logger) async throws -> Int {
        try await connection.rows("""
            CREATE TABLE IF NOT EXISTS langfarm_schema_version (
                version integer PRIMARY KEY,
                name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, logger: logger)
        let rows = try await connection.rows("SELECT coalesce(max(version), 0) FROM langfarm_schema_version", logger: logger)
        return try rows.first?.decode(Int.self) ?? 0
    }
}
