/// One step of the PostgreSQL schema. Its statements run in one transaction with the record of
/// the new version, so a step is applied whole or not at all.
///
/// Statements are separate literals because PostgresNIO sends every query through the extended
/// protocol, which takes one statement at a time.
struct PostgresMigration: Sendable {
    /// 1, 2, 3, …: the schema version the database has once this step is applied.
    let version: Int
    /// What the step adds, recorded with the version for whoever inspects the database.
    let name: String
    let statements: [String]
}
