/// Why a database's schema cannot be brought to the version this build runs on.
public enum PostgresSchemaError: Error, Sendable, CustomStringConvertible {
    /// A newer Langfarm has migrated the database past what this build knows: running on it
    /// could misread or damage what the newer version wrote.
    case tooNew(database: String, databaseVersion: Int, newestKnown: Int)
    /// A migration's statement was refused; its transaction was rolled back.
    case migrationFailed(database: String, version: Int, name: String, reason: String)

    public var description: String {
        switch self {
        case .tooNew(let database, let databaseVersion, let newestKnown):
            "the database at \(database) was migrated by a newer Langfarm (schema version \(databaseVersion); "
                + "this build knows up to \(newestKnown)): upgrade this server, or point it at another database"
        case .migrationFailed(let database, let version, let name, let reason):
            "migrating the database at \(database) to schema version \(version) (\(name)) failed, "
                + "and nothing of that version was applied: \(reason)"
        }
    }
}
