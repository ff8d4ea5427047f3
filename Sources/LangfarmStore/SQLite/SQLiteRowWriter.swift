import GRDB
import GRDBSQLite

/// The columns the projection writes to one table, with the statements that read and insert
/// them, built once.
struct SQLiteTable: Sendable {
    let name: String
    let columns: [String]
    let positions: [String: Int]
    let selectByKey: String
    let insert: String

    init(_ name: String, _ columns: [String]) {
        self.name = name
        self.columns = columns
        positions = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
        selectByKey = "SELECT \(columns.joined(separator: ", ")) FROM \(name) WHERE project_id = ? AND id = ?"
        insert = "INSERT INTO \(name) (\(columns.joined(separator: ", "))) VALUES (\(SQLFragment.placeholders(columns.count)))"
    }
}

/// A row's values as one write sets them, in its table's column order.
struct RowColumns {
    let table: SQLiteTable
    let values: [DatabaseValue]

    /// `pairs` name each value, so that a reader sees which column gets what; they must be in
    /// the table's column order.
    init(_ table: SQLiteTable, _ pairs: [(String, DatabaseValue)]) {
        assert(pairs.map { $0.0 } == table.columns, "columns of \(table.name) out of order")
        self.table = table
        values = pairs.map { $0.1 }
    }
}

/// A stored row as the projection read it before writing: its table's columns, by name.
struct StoredRow {
    let table: SQLiteTable
    let values: [DatabaseValue]

    subscript<Value: DatabaseValueConvertible>(_ column: String) -> Value? {
        guard let position = table.positions[column] else { return nil }
        return Value.fromDatabaseValue(values[position])
    }
}

/// Writes rows keyed by `(project_id, id)`, changing only the columns whose value differs from
/// the stored row.
///
/// A row is rewritten every time an event of its entity arrives, mostly to change an end time or
/// an output. `INSERT OR REPLACE` deleted and re-inserted every index entry each time; an UPDATE
/// that names only the changed columns leaves the entries of untouched indexes alone, which is
/// what lets the read side add indexes on traces and observations without slowing ingestion
/// much (docs/PERFORMANCE.md, "Read side"). The stored row is read first anyway: it is what the
/// projection needs to take an observation's old numbers out of the rollups.
enum SQLiteRowWriter {
    /// Writes `columns`; returns the stored row as it was before, or nil when it is new.
    /// `isNew` says the caller knows the row does not exist, so it is inserted without a look.
    @discardableResult
    static func write(_ columns: RowColumns, isNew: Bool, in db: Database) throws -> StoredRow? {
        let key = columns.values.prefix(2)
        guard !isNew, let previous = try firstRow(of: db.cachedStatement(sql: columns.table.selectByKey), binding: key) else {
            try execute(db.cachedStatement(sql: columns.table.insert), binding: columns.values)
            return nil
        }
        let changed = columns.values.indices.dropFirst(2).filter { previous[$0] != columns.values[$0] }
        if !changed.isEmpty {
            let assignments = changed.map { "\(columns.table.columns[$0]) = ?" }.joined(separator: ", ")
            try execute(
                db.cachedStatement(sql: "UPDATE \(columns.table.name) SET \(assignments) WHERE project_id = ? AND id = ?"),
                binding: changed.map { columns.values[$0] } + key
            )
        }
        return StoredRow(table: columns.table, values: previous)
    }

    /// The values of the first row `statement` returns, read by index straight from SQLite.
    /// GRDB's `Row` builds a dictionary of lower-cased column names for every fetch, which for
    /// a 50-column row cost more than the lookup itself (perf, docs/PERFORMANCE.md).
    static func firstRow(of statement: Statement, binding values: some Collection<DatabaseValue>) throws -> [DatabaseValue]? {
        let sqliteStatement = try bind(values, to: statement)
        defer { sqlite3_reset(sqliteStatement) }
        switch sqlite3_step(sqliteStatement) {
        case SQLITE_ROW:
            return (0..<statement.columnCount).map { DatabaseValue(sqliteStatement: sqliteStatement, index: CInt($0)) }
        case SQLITE_DONE:
            return nil
        case let code:
            throw error(code, statement)
        }
    }

    /// Runs an INSERT or UPDATE that returns no rows.
    static func execute(_ statement: Statement, binding values: some Collection<DatabaseValue>) throws {
        let sqliteStatement = try bind(values, to: statement)
        defer { sqlite3_reset(sqliteStatement) }
        let code = sqlite3_step(sqliteStatement)
        guard code == SQLITE_DONE else { throw error(code, statement) }
    }

    /// Binds values straight to SQLite. GRDB's `StatementArguments` maps every value through
    /// an unspecialised key path, which cost about 5 µs per event on the 50-column rows, as
    /// much as the writes themselves (perf, docs/PERFORMANCE.md, "Read side").
    private static func bind(_ values: some Collection<DatabaseValue>, to statement: Statement) throws -> OpaquePointer {
        let sqliteStatement = statement.sqliteStatement
        sqlite3_reset(sqliteStatement)
        var index: CInt = 1
        for value in values {
            let code = switch value.storage {
            case .null: sqlite3_bind_null(sqliteStatement, index)
            case .int64(let number): sqlite3_bind_int64(sqliteStatement, index, number)
            case .double(let number): sqlite3_bind_double(sqliteStatement, index, number)
            case .string(let text): sqlite3_bind_text(sqliteStatement, index, text, -1, transient)
            case .blob(let data): data.withUnsafeBytes { sqlite3_bind_blob(sqliteStatement, index, $0.baseAddress, CInt($0.count), transient) }
            }
            guard code == SQLITE_OK else { throw error(code, statement) }
            index += 1
        }
        return sqliteStatement
    }

    /// SQLite's `SQLITE_TRANSIENT` (a C macro Swift cannot import): SQLite copies the value.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    private static func error(_ code: CInt, _ statement: Statement) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(statement.sqliteStatement))),
            sql: statement.sql
        )
    }
}
