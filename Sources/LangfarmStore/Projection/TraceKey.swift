/// A trace of a project, by id, whether or not it has a row yet: what a projection touched.
public struct TraceKey: Hashable, Sendable {
    public let projectId: String
    public let traceId: String

    public init(projectId: String, traceId: String) {
        self.projectId = projectId
        self.traceId = traceId
    }
}
