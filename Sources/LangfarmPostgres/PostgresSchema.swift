/// The PostgreSQL schema: every migration, oldest first. Never edit a migration that has shipped;
/// append one (next version, its statements in a file of `Migrations/`).
enum PostgresSchema {
    static let migrations: [PostgresMigration] = [
        V1AccountsKeysViewsModels.migration,
        V2EventLogAndRows.migration,
        V3ReadModel.migration,
        V4ProjectRetention.migration,
        V5FoldStates.migration,
        V6AggregateSpans.migration,
    ]

    /// The newest version this build can migrate to, and the newest it can run against.
    static var newestVersion: Int { migrations.last?.version ?? 0 }

    /// The key of the transaction-level advisory lock migrations hold: "Langfarm" in ASCII. Every
    /// Langfarm server of a database takes the same lock, so only one migrates at a time and the
    /// others find nothing left to do.
    static let migrationLockKey: Int64 = 0x4C61_6E67_6661_726D
}
