/// The attributes of a trace that its observations carry too, so that lists and aggregates of
/// observations filter and group by the trace's user, session, name, tags and release without
/// joining the trace for every row (Langfuse's wide observations table does the same).
///
/// The SQLite store keeps the copies current: an observation is written with its trace's
/// context, and a trace whose context changes updates its observations in the same
/// transaction. The PostgreSQL store keeps no copies and joins the trace at query time.
public struct TraceContext: Sendable, Equatable {
    public var name: String?
    public var userId: String?
    public var sessionId: String?
    public var tags: [String]
    public var release: String?
    public var version: String?
    public var bookmarked: Bool
    public var isPublic: Bool

    public init(
        name: String? = nil, userId: String? = nil, sessionId: String? = nil, tags: [String] = [],
        release: String? = nil, version: String? = nil, bookmarked: Bool = false, isPublic: Bool = false
    ) {
        self.name = name
        self.userId = userId
        self.sessionId = sessionId
        self.tags = tags
        self.release = release
        self.version = version
        self.bookmarked = bookmarked
        self.isPublic = isPublic
    }

    /// The context an observation of a trace that has no row yet carries.
    public static let none = TraceContext()

    public init(_ trace: TraceRow) {
        self.init(
            name: trace.name, userId: trace.userId, sessionId: trace.sessionId, tags: trace.tags,
            release: trace.release, version: trace.version, bookmarked: trace.bookmarked, isPublic: trace.isPublic
        )
    }
}
