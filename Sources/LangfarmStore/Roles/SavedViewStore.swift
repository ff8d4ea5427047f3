import LangfarmCore

/// A traces-table view a project's member saved under a name: its URL query (filters, search,
/// sort, columns), which the table page wrote itself.
public struct SavedView: Sendable, Equatable {
    public let id: String
    public let projectId: String
    public let name: String
    public let query: String
    public let createdAt: EpochMillis

    public init(id: String, projectId: String, name: String, query: String, createdAt: EpochMillis) {
        self.id = id
        self.projectId = projectId
        self.name = name
        self.query = query
        self.createdAt = createdAt
    }
}

/// The saved views of each project's traces table, shared by its members.
public protocol SavedViewStore: Sendable {
    /// Saves a view; one with the same name in the project is replaced. Throws `StoreError`
    /// when the project does not exist.
    func saveView(_ view: SavedView) async throws
    /// A project's views, by name.
    func savedViews(projectId: String) async throws -> [SavedView]
    /// Returns whether the project had the view.
    func deleteSavedView(projectId: String, id: String) async throws -> Bool
}
