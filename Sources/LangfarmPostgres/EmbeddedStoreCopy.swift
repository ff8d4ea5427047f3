import LangfarmCore
import LangfarmStore

/// `langfarm migrate --to postgres://…`: copies an embedded (SQLite) store into an empty
/// PostgreSQL store, then checks that both hold the same.
///
/// Copied: projects and their keys, UI users with their memberships, saved views, model
/// definitions, the event log and the partition anchors. The rows are not copied but rebuilt
/// from the event log on PostgreSQL (`rebuild()`), which is what makes them the same rows:
/// with the anchors, even their partition times. Signed-in UI sessions are not copied (users
/// sign in again), nor the change feed's pending changes (drain the outbox first, or run
/// `langfarm rebuild` with Kafka on to publish every row again).
public enum EmbeddedStoreCopy {
    /// What each store holds after the copy; equal, or the copy throws.
    public struct Counts: Sendable, Equatable, CustomStringConvertible {
        public var projects = 0
        public var apiKeys = 0
        public var users = 0
        public var savedViews = 0
        public var models = 0
        public var log = RebuildSummary(events: 0, traces: 0, observations: 0, scores: 0)

        public var description: String {
            "\(projects) projects, \(apiKeys) API keys, \(users) users, \(savedViews) saved views, \(models) model definitions, "
                + "\(log.events) logged events, \(log.traces) traces, \(log.observations) observations, \(log.scores) scores"
        }
    }

    /// Events copied per statement.
    static let eventsPerPage = 5_000

    public static func copy(
        from source: SQLiteStore, to target: PostgresStore, progress: (String) -> Void
    ) async throws -> Counts {
        guard try await target.isEmpty() else {
            throw StoreError("the PostgreSQL database already holds projects or events; migrate into an empty database")
        }
        let projects = try await source.projects()
        for project in projects {
            try await target.upsertProject(project)
            if let retention = project.retention { _ = try await target.setRetention(projectId: project.id, retention) }
        }
        for key in try await source.apiKeys() { try await target.insertAPIKey(key) }
        for user in try await source.users() {
            try await target.createUser(user)
            for membership in try await source.memberships(userId: user.id) { try await target.setMembership(membership) }
        }
        for project in projects {
            for view in try await source.savedViews(projectId: project.id) { try await target.saveView(view) }
        }
        _ = try await target.upsertModels(try await definitions(in: source, projects: projects))
        progress("copied projects, keys, users, saved views and model definitions")

        try await target.importPartitionAnchors(try await source.exportedPartitionAnchors())
        var position: Int64 = 0
        var events = 0
        while true {
            let page = try await source.exportedEvents(after: position, limit: eventsPerPage)
            guard let last = page.last else { break }
            try await target.importEvents(page.map(\.event))
            position = last.position
            events += page.count
            progress("copied \(events) logged events")
        }
        let rebuilt = try await target.rebuild()
        progress("rebuilt \(rebuilt.traces) traces, \(rebuilt.observations) observations and \(rebuilt.scores) scores")

        var expected = try await counts(of: source, projects: projects)
        expected.log = try await source.exportedCounts()
        var copied = try await counts(of: target, projects: projects)
        copied.log = rebuilt
        guard copied == expected else {
            throw StoreError("the copy does not match the embedded store: it holds \(copied), the embedded store \(expected)")
        }
        return copied
    }

    /// Every definition the store knows: each project's own and the built-in ones, once each.
    private static func definitions(in store: any ModelStore, projects: [Project]) async throws -> [ModelDefinition] {
        var byId: [String: ModelDefinition] = [:]
        for project in projects.isEmpty ? [Project(id: "", name: "")] : projects {
            var page = 1
            while true {
                let models = try await store.models(projectId: project.id, page: page, limit: 100)
                for model in models.models { byId[model.id] = model }
                guard page * 100 < models.totalItems else { break }
                page += 1
            }
        }
        return byId.values.sorted { $0.id < $1.id }
    }

    /// The counts of everything but the log and rows, which each store counts its own way.
    private static func counts(of store: some AccountStore & ProjectKeyStore & SavedViewStore & ModelStore, projects: [Project]) async throws -> Counts {
        var counts = Counts()
        counts.projects = try await store.projects().count
        counts.apiKeys = try await store.apiKeys().count
        counts.users = try await store.users().count
        counts.models = try await definitions(in: store, projects: projects).count
        for project in projects { counts.savedViews += try await store.savedViews(projectId: project.id).count }
        return counts
    }
}
