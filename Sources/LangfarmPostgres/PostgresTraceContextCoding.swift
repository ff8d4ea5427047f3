import LangfarmCore
import PostgresNIO

/// The attributes of a trace `t` that observation and score lists show beside each row,
/// joined at query time: on PostgreSQL observations and scores carry no copies of them.
enum PostgresTraceContextCoding {
    /// The columns of `t` read by `context(_:from:)`, in its order.
    static let columns = "t.id, t.name, t.user_id, t.session_id, t.tags, t.release, t.version, t.bookmarked, t.public, t.environment"

    /// The trace's context and environment, from `columns` starting at `first`; nil for both
    /// when the row has no trace (`t.id` is NULL).
    static func context(_ row: PostgresRandomAccessRow, from first: Int) throws -> (context: TraceContext, environment: String)? {
        guard try row[first].decode(String?.self) != nil else { return nil }
        func text(_ offset: Int) throws -> String? { try row[first + offset].decode(String?.self) }
        let context = TraceContext(
            name: try text(1), userId: try text(2), sessionId: try text(3), tags: try row[first + 4].decode([String].self),
            release: try text(5), version: try text(6), bookmarked: try row[first + 7].decode(Bool.self),
            isPublic: try row[first + 8].decode(Bool.self)
        )
        return (context, try row[first + 9].decode(String.self))
    }
}
