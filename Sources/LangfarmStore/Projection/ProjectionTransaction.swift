import LangfarmCore

/// The operations a store offers inside one write transaction, so that the projection logic
/// (log → fold → row) is written once and shared by every store (`Projector`).
///
/// Each operation takes everything one step of a group commit needs at once, so that a store
/// across a network (PostgreSQL) pays a handful of round trips per commit, not several per
/// event. The operations are `async` for the same reason; the embedded store runs each as one
/// access to its writer connection.
///
/// A store runs one projection transaction at a time, also when several servers share it: a
/// projection reads an entity's history and writes rows derived from several entities (an
/// observation carries its trace's attributes), so two at once could each miss the other's
/// events. SQLite has one writer; PostgreSQL takes one lock per transaction (`PostgresStore`).
public protocol ProjectionTransaction: Sendable {
    /// The latest envelope timestamp each entity has logged; entities with none are left out.
    func latestEventTimestamps(of entities: [EntityKey]) async throws -> [EntityKey: EpochMillis]
    /// Appends events to the log in order; returns, for each, whether it is new (`false`: its
    /// entity already logged its envelope id, earlier or earlier in `events`).
    func appendEvents(_ events: [LoggedEvent]) async throws -> [Bool]
    /// Every logged envelope of each entity, in any order, with the text of those whose id is
    /// not in the entity's `known` set (the projector holds those decoded already).
    func loggedEnvelopes(of entities: [EntityKey], known: [EntityKey: Set<String>]) async throws -> [EntityKey: [LoggedEnvelope]]
    /// The saved fold states of those of `entities` that have one (`FoldState`).
    func foldStates(of entities: [EntityKey]) async throws -> [EntityKey: FoldState]
    /// Saves entities' fold states, and removes those given as nil.
    func saveFoldStates(_ states: [(key: EntityKey, state: FoldState?)]) async throws
    /// The first-seen time of each anchor, recording the candidate time of those that are new.
    func firstSeen(_ candidates: [AnchorKey: EpochMillis]) async throws -> [AnchorKey: EpochMillis]
    /// The model definitions that price observations committed in this transaction.
    func priceBook() async throws -> PriceBook
    /// Writes folded rows and deletes deleted scores, in order.
    func write(_ writes: [RowWrite]) async throws
}

/// An entity of one project: what logged events and rows are keyed by.
public struct EntityKey: Hashable, Sendable, Comparable {
    public let projectId: String
    public let entity: EntityRef

    public init(projectId: String, entity: EntityRef) {
        self.projectId = projectId
        self.entity = entity
    }

    public static func < (lhs: EntityKey, rhs: EntityKey) -> Bool {
        (lhs.projectId, lhs.entity.kind.rawValue, lhs.entity.id) < (rhs.projectId, rhs.entity.kind.rawValue, rhs.entity.id)
    }
}

/// One logged envelope of an entity, as the projector asked for it.
public struct LoggedEnvelope: Sendable, Equatable {
    public let envelopeId: String
    /// The envelope's JSON text; nil when the projector said it knows this envelope.
    public let text: String?

    public init(envelopeId: String, text: String?) {
        self.envelopeId = envelopeId
        self.text = text
    }
}

/// A partition anchor of one project.
public struct AnchorKey: Hashable, Sendable, Comparable {
    public let projectId: String
    public let anchor: PartitionAnchor

    public init(projectId: String, anchor: PartitionAnchor) {
        self.projectId = projectId
        self.anchor = anchor
    }

    public static func < (lhs: AnchorKey, rhs: AnchorKey) -> Bool {
        (lhs.projectId, lhs.anchor.kind.rawValue, lhs.anchor.id) < (rhs.projectId, rhs.anchor.kind.rawValue, rhs.anchor.id)
    }
}

/// What a row's partition time is the first-seen time of: its trace, or a traceless score.
public struct PartitionAnchor: Hashable, Sendable {
    public enum Kind: String, Sendable {
        case trace
        case score
    }

    public let kind: Kind
    public let id: String

    public init(kind: Kind, id: String) {
        self.kind = kind
        self.id = id
    }
}

/// One write of a projection: a row as its entity's events fold, or a score they deleted.
public struct RowWrite: Sendable, Equatable {
    public enum Row: Sendable, Equatable {
        case trace(TraceRow)
        case observation(ObservationRow)
        case score(ScoreRow)
        case scoreDeleted(projectId: String, id: String)
    }

    public let row: Row
    /// The row cannot exist yet (every event of its entity is one this transaction logged), so
    /// the store need not look for it.
    public let isNew: Bool
    /// The client whose events caused the write, for the change feed's message headers.
    public let sdk: SDKIdentity?

    public init(_ row: Row, isNew: Bool, sdk: SDKIdentity?) {
        self.row = row
        self.isNew = isNew
        self.sdk = sdk
    }
}
