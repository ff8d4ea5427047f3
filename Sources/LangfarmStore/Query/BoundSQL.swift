/// A piece of SQL and the values bound to it, which composes with other pieces: filters are
/// built condition by condition and joined, and only the store that runs the finished
/// statement writes its placeholders (`?` on SQLite, `$1`, `$2`, … on PostgreSQL). Values never
/// become SQL text; only the store's own SQL is written into the text, with `unescaped:`.
///
/// The filter and metrics SQL both stores share (`FilterSQL`, `MetricsScanSQL`) is written in
/// it, with what differs between their SQL left to an `SQLDialect`.
package struct BoundSQL: ExpressibleByStringInterpolation, Sendable {
    /// The SQL between the values: one more piece than there are values.
    package private(set) var pieces: [String]
    package private(set) var values: [SQLValue]

    package init(stringLiteral text: String) {
        pieces = [text]
        values = []
    }

    package init(stringInterpolation: StringInterpolation) {
        pieces = stringInterpolation.pieces
        values = stringInterpolation.values
    }

    package struct StringInterpolation: StringInterpolationProtocol {
        fileprivate var pieces = [""]
        fileprivate var values: [SQLValue] = []

        package init(literalCapacity: Int, interpolationCount: Int) {}

        package mutating func appendLiteral(_ literal: String) {
            pieces[pieces.count - 1] += literal
        }

        package mutating func appendInterpolation(_ value: String) { bind(.text(value)) }
        package mutating func appendInterpolation(_ value: Int64) { bind(.integer(value)) }
        package mutating func appendInterpolation(_ value: Double) { bind(.real(value)) }
        package mutating func appendInterpolation(_ value: Bool) { bind(.bool(value)) }
        /// A list, bound as `SQLValue.texts`.
        package mutating func appendInterpolation(_ values: [String]) { bind(.texts(values)) }

        /// Another fragment, its values bound in place.
        package mutating func appendInterpolation(_ fragment: BoundSQL) {
            pieces[pieces.count - 1] += fragment.pieces[0]
            pieces += fragment.pieces.dropFirst()
            values += fragment.values
        }

        /// SQL the store wrote itself (a column, an operator), never a value from a request.
        package mutating func appendInterpolation(unescaped text: String) {
            pieces[pieces.count - 1] += text
        }

        private mutating func bind(_ value: SQLValue) {
            values.append(value)
            pieces.append("")
        }
    }

    /// Both stores read `true` and `false` (SQLite as 1 and 0).
    package static var alwaysTrue: BoundSQL { "true" }
    package static var alwaysFalse: BoundSQL { "false" }

    /// The fragments joined by `separator` (SQL the store wrote).
    package static func joined(_ fragments: [BoundSQL], separator: String) -> BoundSQL {
        var joined: BoundSQL = ""
        for (index, fragment) in fragments.enumerated() {
            joined = index == 0 ? fragment : "\(joined)\(unescaped: separator)\(fragment)"
        }
        return joined
    }

    /// `(a) AND (b) AND …`; true for no fragments.
    package static func all(_ fragments: [BoundSQL]) -> BoundSQL {
        fragments.isEmpty ? .alwaysTrue : joined(fragments.map { "(\($0))" }, separator: " AND ")
    }
}
