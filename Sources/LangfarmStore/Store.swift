import LangfarmCore

/// The source of truth: projects and keys, the raw event log, and the merged rows projected
/// from it.
///
/// Every implementation (embedded SQLite, PostgreSQL) must pass `StoreConformanceSuite`. Readers
/// (the API, the UI) talk to this protocol only.
public protocol Store: TraceReader, ObservationReader, SessionReader, ScoreReader, MetricsReader, SearchIndexer, AccountStore, SavedViewStore {
    // MARK: Projects and keys

    /// Creates the project, or renames it if it exists.
    func upsertProject(_ project: Project) async throws
    func project(id: String) async throws -> Project?
    /// Adds a key; fails if the public key or the hashed secret is already in use.
    func insertAPIKey(_ key: APIKeyRecord) async throws
    func apiKey(publicKey: String) async throws -> APIKeyRecord?
    func apiKey(hashedSecret: String) async throws -> APIKeyRecord?
    func apiKeys() async throws -> [APIKeyRecord]
    /// Removes a key; returns whether it existed.
    func revokeAPIKey(publicKey: String) async throws -> Bool

    // MARK: Write path

    /// Appends the batches' events to the event log and refolds every row they touch, all in
    /// one durable transaction. An event whose envelope id its entity already logged is ignored
    /// (a retry).
    func commit(_ batches: [EventBatch]) async throws

    /// Recomputes every row from the event log.
    func rebuild() async throws -> RebuildSummary

    /// Deletes traces with their observations, scores and logged events; returns how many of
    /// the traces existed.
    func deleteTraces(projectId: String, ids: [String]) async throws -> Int

    // MARK: Change feed (the outbox)

    /// The newest change sequence this process has committed (0 before the first), without
    /// I/O: what keeps the outbox depth current between the relay's looks at the table.
    var lastRecordedSequence: Int64 { get }
    /// Turns recording of committed row changes on (while a server publishes them to Kafka) or
    /// off, so that an unused outbox never grows.
    func setChangeFeed(enabled: Bool) async throws
    /// The messages of up to `limit` pending changes after `sequence`, oldest first. A change
    /// that a later change of its row superseded before it was read may be left out. Reading
    /// after `sequence` says that every change up to it is published: the store may forget
    /// what it keeps in memory for them (the relay is the one reader).
    func pendingChanges(after sequence: Int64, limit: Int) async throws -> PendingChanges
    /// When the oldest change after `sequence` was committed; nil when none is pending.
    func commitTime(ofChangeAfter sequence: Int64) async throws -> EpochMillis?
    /// Clears every change up to `sequence`: published ones are removed, `deadLetters` are kept
    /// in the dead-letter table with their reason.
    func acknowledgeChanges(through sequence: Int64, deadLetters: [DeadLetter]) async throws
    func outboxStatus() async throws -> OutboxStatus
    /// The newest dead letters first.
    func deadLetters(limit: Int) async throws -> [DeadLetter]

    // MARK: Reads

    func trace(projectId: String, id: String) async throws -> TraceRow?
    func observation(projectId: String, id: String) async throws -> ObservationRow?
    /// Observations of a trace, ordered by start time. Without `bodies`, their input, output,
    /// metadata and model parameters are left out: a trace page's tree of ten thousand
    /// observations needs none of them, and reading them would copy and parse every one.
    func observations(projectId: String, traceId: String, bodies: Bool) async throws -> [ObservationRow]
    func score(projectId: String, id: String) async throws -> ScoreRow?
    /// Scores of some traces, ordered by trace id, then timestamp.
    func scores(projectId: String, traceIds: [String]) async throws -> [ScoreRow]
    /// The raw event log of a project, in commit order.
    func loggedEvents(projectId: String) async throws -> [LoggedEvent]

    // MARK: Models and prices

    /// The definitions a project sees (its own, then the built-in ones), by name, one page.
    func models(projectId: String, page: Int, limit: Int) async throws -> ModelPage
    /// One of the project's own definitions or a built-in one.
    func model(projectId: String, id: String) async throws -> ModelDefinition?
    /// Adds a project's definition; throws `ModelNameTaken` if the project already has that name.
    func createModel(_ model: ModelDefinition) async throws
    /// Deletes one of the project's own definitions; returns whether it existed.
    func deleteModel(projectId: String, id: String) async throws -> Bool
    /// Inserts definitions, or replaces those with the same id, in one transaction. Built-in
    /// definitions are upserted at start-up; a replaced definition keeps its creation time.
    /// Returns how many were inserted or changed.
    func upsertModels(_ models: [ModelDefinition]) async throws -> Int
    /// Re-prices stored observations that name a model (of one project, starting at or after
    /// `since`) with the current definitions; returns how many were re-priced.
    func recomputeCosts(projectId: String?, since: EpochMillis?) async throws -> Int
}

extension Store {
    /// Observations of a trace with all their fields, ordered by start time.
    public func observations(projectId: String, traceId: String) async throws -> [ObservationRow] {
        try await observations(projectId: projectId, traceId: traceId, bodies: true)
    }

    /// Scores of a trace, ordered by timestamp.
    public func scores(projectId: String, traceId: String) async throws -> [ScoreRow] {
        try await scores(projectId: projectId, traceIds: [traceId])
    }
}
