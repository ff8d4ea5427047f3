/// A project's own retention in days (0: for ever); NULL follows the server's default
/// (`RetentionPolicy`).
enum V4ProjectRetention {
    static let migration = PostgresMigration(version: 4, name: "project retention", statements: [
        "ALTER TABLE projects ADD COLUMN retention_days integer",
    ])
}
