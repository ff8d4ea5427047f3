import GRDB
import LangfarmCore

/// The `matches` operator until the content search index lands: a case-insensitive substring
/// test on the row (ASCII case only).
enum SQLiteWordSearch {
    static func matches<Column>(_ table: String, column: String, _ condition: FilterCondition<Column>) -> SQLFragment {
        let value = condition.value.string ?? ""
        if let key = condition.key {
            return SQLFragment(
                "EXISTS (SELECT 1 FROM json_each(\(table).metadata) j WHERE j.key = ? AND instr(CAST(j.value AS TEXT), ?) > 0)", [key, value]
            )
        }
        return SQLFragment("instr(lower(\(table).\(column)), lower(?)) > 0", [value])
    }
}
