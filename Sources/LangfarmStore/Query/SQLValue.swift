/// A value bound into a statement rather than written into its text. Each store binds it its
/// own way (`SQLFragment.init(_:)` on SQLite, `BoundSQL.query` on PostgreSQL).
package enum SQLValue: Sendable {
    case text(String)
    case integer(Int64)
    case real(Double)
    case bool(Bool)
    /// A list of texts: one array on PostgreSQL (`= ANY($1::text[])`), one placeholder per
    /// item on SQLite (`IN (?, ?)`), so that either is written `\(values)` in a statement.
    case texts([String])
}
