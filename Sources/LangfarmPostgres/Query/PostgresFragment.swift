import PostgresNIO

/// A piece of SQL and the values bound to it, which composes with other pieces: filters are
/// built condition by condition and joined, and only the finished statement numbers its
/// parameters (`$1`, `$2`, …). Values never become SQL text; only the store's own SQL is
/// written into the text, with `unescaped:`.
struct PostgresFragment: ExpressibleByStringInterpolation {
    /// The SQL between the values: one more piece than there are values.
    private var pieces: [String]
    private var values: [any PostgresDynamicTypeEncodable]

    init(stringLiteral text: String) {
        pieces = [text]
        values = []
    }

    init(stringInterpolation: StringInterpolation) {
        pieces = stringInterpolation.pieces
        values = stringInterpolation.values
    }

    struct StringInterpolation: StringInterpolationProtocol {
        fileprivate var pieces = [""]
        fileprivate var values: [any PostgresDynamicTypeEncodable] = []

        init(literalCapacity: Int, interpolationCount: Int) {}

        mutating func appendLiteral(_ literal: String) {
            pieces[pieces.count - 1] += literal
        }

        /// A bound value.
        mutating func appendInterpolation<Value: PostgresDynamicTypeEncodable>(_ value: Value) {
            values.append(value)
            pieces.append("")
        }

        /// Another fragment, its values bound in place.
        mutating func appendInterpolation(_ fragment: PostgresFragment) {
            pieces[pieces.count - 1] += fragment.pieces[0]
            pieces += fragment.pieces.dropFirst()
            values += fragment.values
        }

        /// SQL the store wrote itself (a column, an operator), never a value from a request.
        mutating func appendInterpolation(unescaped text: String) {
            pieces[pieces.count - 1] += text
        }
    }

    static var alwaysTrue: PostgresFragment { "true" }
    static var alwaysFalse: PostgresFragment { "false" }

    /// The fragments joined by `separator` (SQL the store wrote).
    static func joined(_ fragments: [PostgresFragment], separator: String) -> PostgresFragment {
        var joined: PostgresFragment = ""
        for (index, fragment) in fragments.enumerated() {
            joined = index == 0 ? fragment : "\(joined)\(unescaped: separator)\(fragment)"
        }
        return joined
    }

    /// `(a) AND (b) AND …`; true for no fragments.
    static func all(_ fragments: [PostgresFragment]) -> PostgresFragment {
        fragments.isEmpty ? .alwaysTrue : joined(fragments.map { "(\($0))" }, separator: " AND ")
    }

    /// The statement, its values bound as `$1`, `$2`, … in order.
    var query: PostgresQuery {
        var bindings = PostgresBindings()
        var sql = pieces[0]
        for (value, piece) in zip(values, pieces.dropFirst()) {
            bindings.append(value, context: .default)
            sql += "$\(bindings.count)" + piece
        }
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }
}
