import LangfarmCore

/// The source of truth: projects and keys, the raw event log, the merged rows projected from
/// it, and everything read from them. Each role is a protocol of its own (`Roles/`, `Reads/`),
/// so that a part of the server that needs one role says so.
///
/// Every implementation (embedded SQLite, PostgreSQL) must pass the conformance suite (`Tests/LangfarmStoreTests`, run once per `StoreKind`). Readers
/// (the API, the UI) talk to these protocols only.
public protocol Store:
    ProjectKeyStore, EventWriter, ChangeFeed, RowReader, ModelStore,
    TraceReader, ObservationReader, SessionReader, ScoreReader, MetricsReader, SearchIndexer,
    AccountStore, SavedViewStore, RetentionStore {}
