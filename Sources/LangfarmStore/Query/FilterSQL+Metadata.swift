import LangfarmCore

extension FilterSQL {
    /// A top-level value of the metadata JSON object in `column`, as text
    /// (`SQLDialect.text(ofJSONEntry:)`); a JSON null is no value. The key is bound, never part
    /// of a JSON path, so it may be any text.
    package func metadata<Column>(_ condition: FilterCondition<Column>, of column: String) -> BoundSQL {
        let key = condition.key ?? ""
        let entry: BoundSQL = "SELECT 1 FROM \(unescaped: dialect.jsonEntries(of: column)) j WHERE j.key = \(key) AND \(unescaped: dialect.isPresent(jsonEntry: "j"))"
        if condition.type == .null {
            return condition.operator == .isNull ? "NOT EXISTS (\(entry))" : "EXISTS (\(entry))"
        }
        let value = condition.value.string ?? ""
        let entryText = dialect.text(ofJSONEntry: "j")
        if condition.operator == .doesNotContain {
            // A missing key reads as '' (Langfuse's map access), which contains only ''.
            return "NOT EXISTS (\(entry) AND \(text(entryText, .contains, value)))"
        }
        return "EXISTS (\(entry) AND \(text(entryText, condition.operator, value)))"
    }
}
