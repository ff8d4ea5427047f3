/// A page of a project's sessions, newest first: `GET /api/public/sessions`.
public struct SessionListQuery: Sendable {
    public var projectId: String
    /// `createdAt ≥ from`.
    public var from: EpochMillis?
    /// `createdAt < to`.
    public var to: EpochMillis?
    /// Any of these environments; all when empty.
    public var environments: [String]
    public var page: PageRequest

    public init(projectId: String, from: EpochMillis? = nil, to: EpochMillis? = nil, environments: [String] = [], page: PageRequest) {
        self.projectId = projectId
        self.from = from
        self.to = to
        self.environments = environments
        self.page = page
    }
}

/// A session: created when its first trace was ingested (Langfuse's `trace_sessions`), with
/// that trace's environment.
public struct SessionRow: Sendable, Equatable {
    public let projectId: String
    public let id: String
    public let createdAt: EpochMillis
    public let environment: String

    public init(projectId: String, id: String, createdAt: EpochMillis, environment: String) {
        self.projectId = projectId
        self.id = id
        self.createdAt = createdAt
        self.environment = environment
    }
}
