import GRDB

extension SQLFragment {
    /// `bound` with a `?` for each value, and one for each item of a list (`SQLValue.texts`).
    init(_ bound: BoundSQL) {
        var sql = bound.pieces[0]
        var arguments: [DatabaseValue] = []
        for (value, piece) in zip(bound.values, bound.pieces.dropFirst()) {
            let scalar: DatabaseValue
            switch value {
            case .texts(let texts):
                sql += SQLFragment.placeholders(texts.count) + piece
                arguments += texts.map(\.databaseValue)
                continue
            case .text(let text): scalar = text.databaseValue
            case .integer(let integer): scalar = integer.databaseValue
            case .real(let real): scalar = real.databaseValue
            case .bool(let bool): scalar = bool.databaseValue
            }
            sql += "?" + piece
            arguments.append(scalar)
        }
        self.init(sql: sql, arguments: arguments)
    }
}
