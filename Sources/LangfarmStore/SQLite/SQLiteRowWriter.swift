import GRDB

/// A row's columns as one write sets them, in a fixed order per table.
struct RowColumns {
    let table: String
    let names: [String]
    let values: [DatabaseValue]

    init(table: String, _ pairs: [(String, (any DatabaseValueConvertible)?)]) {
        self.table = table
        names = pairs.map(\.0)
        values = pairs.map { $0.1?.databaseValue ?? .null }
    }
}

/// Writes rows keyed by `(project_id, id)`, changing only the columns whose value differs from
/// the stored row.
///
/// A row is rewritten every time an event of its entity arrives, mostly to change an end time or
/// an output. `INSERT OR REPLACE` deleted and re-inserted every index entry each time; an UPDATE
/// that names only the changed columns leaves the entries of untouched indexes alone, which is
/// what lets the read side add indexes on traces and observations without slowing ingestion
/// (docs/PERFORMANCE.md, "Read side"). The stored row is read first anyway: it is what the
/// projection needs to take an observation's old numbers out of the rollups.
enum SQLiteRowWriter {
    /// Writes `columns`; returns the stored row as it was before (the same columns, in the same
    /// order), or nil when it is new.
    @discardableResult
    static func write(_ columns: RowColumns, in db: Database) throws -> Row? {
        let key = Array(columns.values.prefix(2))
        let previous = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(columns.names.joined(separator: ", ")) FROM \(columns.table) WHERE project_id = ? AND id = ?"),
            arguments: StatementArguments(key)
        )
        guard let previous else {
            let placeholders = Array(repeating: "?", count: columns.names.count).joined(separator: ", ")
            try db.cachedStatement(sql: "INSERT INTO \(columns.table) (\(columns.names.joined(separator: ", "))) VALUES (\(placeholders))")
                .execute(arguments: StatementArguments(columns.values))
            return nil
        }
        let changed = columns.names.indices.dropFirst(2).filter { previous[$0] as DatabaseValue != columns.values[$0] }
        guard !changed.isEmpty else { return previous }
        let assignments = changed.map { "\(columns.names[$0]) = ?" }.joined(separator: ", ")
        try db.cachedStatement(sql: "UPDATE \(columns.table) SET \(assignments) WHERE project_id = ? AND id = ?")
            .execute(arguments: StatementArguments(changed.map { columns.values[$0] } + key))
        return previous
    }
}
