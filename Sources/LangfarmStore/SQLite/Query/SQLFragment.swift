import GRDB

/// A piece of SQL and the values bound to its `?` placeholders, in order. Values never become
/// SQL text: filters, cursors and search words all reach SQLite as bound arguments.
struct SQLFragment {
    var sql: String
    var arguments: [DatabaseValue]

    init(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?] = []) {
        self.sql = sql
        self.arguments = arguments.map { $0?.databaseValue ?? .null }
    }

    static let alwaysTrue = SQLFragment("1")

    /// `a AND b AND …`; true for no fragments.
    static func all(_ fragments: [SQLFragment]) -> SQLFragment {
        guard !fragments.isEmpty else { return .alwaysTrue }
        return SQLFragment(
            sql: fragments.map { "(\($0.sql))" }.joined(separator: " AND "),
            arguments: fragments.flatMap(\.arguments)
        )
    }

    init(sql: String, arguments: [DatabaseValue]) {
        self.sql = sql
        self.arguments = arguments
    }

    /// `?, ?, ?` for a list of values.
    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    var statementArguments: StatementArguments { StatementArguments(arguments) }
}
