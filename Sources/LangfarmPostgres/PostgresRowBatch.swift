import PostgresNIO

/// Rows of one table as one array per column, written by one statement that reads them back
/// with `unnest`: a group commit writes each table's rows in one round trip, not one per row.
struct PostgresRowBatch {
    let table: String
    private(set) var count = 0
    private var columns: [(name: String, type: String)] = []
    /// One array per column, bound when a statement is made.
    private var arrays: [any PostgresNonThrowingEncodable] = []

    init(table: String) {
        self.table = table
    }

    /// Adds a column: its name, its SQL type (as the table declares it) and one value per row.
    mutating func add<Value: PostgresArrayEncodable & PostgresNonThrowingEncodable>(_ name: String, _ type: String, _ values: [Value?]) {
        precondition(columns.isEmpty || values.count == count, "column \(name) of \(table) has \(values.count) values for \(count) rows")
        count = values.count
        columns.append((name, type))
        arrays.append(PostgresNullableArray(values))
    }

    /// `INSERT … SELECT FROM unnest(…)`, in the order the rows were given; the arrays are
    /// declared as text, integer or boolean arrays and cast to the column's type in SQL, so
    /// that numeric columns take decimal text exactly.
    private var insertSQL: String {
        let casts = columns.map { Self.cast($0.name, to: $0.type) }
        return """
            INSERT INTO \(table) (\(columns.map(\.name).joined(separator: ", ")))
            SELECT \(casts.joined(separator: ", "))
            FROM unnest(\(parameters(from: 1))) WITH ORDINALITY AS batch (\(columns.map(\.name).joined(separator: ", ")), ordinality)
            ORDER BY ordinality
            """
    }

    /// The column arrays as parameters `$first…`, each declared with its array type.
    private func parameters(from first: Int) -> String {
        columns.enumerated().map { index, column in "$\(first + index)::\(Self.arrayType(of: column.type))" }.joined(separator: ", ")
    }

    private var bindings: PostgresBindings {
        var bindings = PostgresBindings()
        for array in arrays { bindings.append(array) }
        return bindings
    }

    /// Inserts the rows, replacing every column but the key of a row that exists.
    func upsert(key: [String]) -> PostgresQuery {
        let updates = columns.map(\.name).filter { !key.contains($0) }.map { "\($0) = excluded.\($0)" }
        return PostgresQuery(
            unsafeSQL: insertSQL + "\nON CONFLICT (\(key.joined(separator: ", "))) DO UPDATE SET \(updates.joined(separator: ", "))",
            binds: bindings
        )
    }

    /// Inserts the rows, leaving out those whose key exists; returns the keys inserted.
    func insertNew(key: [String]) -> PostgresQuery {
        PostgresQuery(
            unsafeSQL: insertSQL + "\nON CONFLICT (\(key.joined(separator: ", "))) DO NOTHING RETURNING \(key.joined(separator: ", "))",
            binds: bindings
        )
    }

    /// A statement that joins batches as relations: `sql` gets each batch's relation,
    /// `unnest(…) AS alias (columns…)`, in order, and their arrays are bound one after another.
    static func query(joining batches: [(alias: String, batch: PostgresRowBatch)], _ sql: ([String]) -> String) -> PostgresQuery {
        var bindings = PostgresBindings()
        var relations: [String] = []
        for (alias, batch) in batches {
            relations.append("unnest(\(batch.parameters(from: bindings.count + 1))) AS \(alias) (\(batch.columns.map(\.name).joined(separator: ", ")))")
            for array in batch.arrays { bindings.append(array) }
        }
        return PostgresQuery(unsafeSQL: sql(relations), binds: bindings)
    }

    /// A value of the batch as the column's type. A `text[]` value (a list of tags) comes as a
    /// JSON array, since one array parameter cannot hold a list per row.
    private static func cast(_ name: String, to type: String) -> String {
        type == "text[]" ? "ARRAY(SELECT json_array_elements_text(\(name)::json))" : "\(name)::\(type)"
    }

    /// The array type a column's values are bound as.
    private static func arrayType(of type: String) -> String {
        switch type {
        case "bigint", "integer": "bigint[]"
        case "boolean": "boolean[]"
        case "double precision": "double precision[]"
        default: "text[]"
        }
    }
}
