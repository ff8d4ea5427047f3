import LangfarmStore
import PostgresNIO

extension BoundSQL {
    /// The statement, its values bound as `$1`, `$2`, … in order; a list (`SQLValue.texts`)
    /// as one `text[]`.
    var query: PostgresQuery {
        var bindings = PostgresBindings()
        var sql = pieces[0]
        for (value, piece) in zip(values, pieces.dropFirst()) {
            switch value {
            case .text(let text): bindings.append(text, context: .default)
            case .integer(let integer): bindings.append(integer, context: .default)
            case .real(let real): bindings.append(real, context: .default)
            case .bool(let bool): bindings.append(bool, context: .default)
            case .texts(let texts): bindings.append(texts, context: .default)
            }
            sql += "$\(bindings.count)" + piece
        }
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }
}
