import LangfarmCore

/// A row as one write transaction left it: what the change feed (the outbox) publishes. A
/// deleted row is its last state, marked deleted, so that the lake can drop it.
public enum RowChange: Sendable, Equatable {
    case trace(TraceRow, deleted: Bool)
    case observation(ObservationRow, deleted: Bool)
    case score(ScoreRow, deleted: Bool)

    public var kind: EntityKind {
        switch self {
        case .trace: .trace
        case .observation: .observation
        case .score: .score
        }
    }

    public var projectId: String {
        switch self {
        case .trace(let row, _): row.projectId
        case .observation(let row, _): row.projectId
        case .score(let row, _): row.projectId
        }
    }

    public var entityId: String {
        switch self {
        case .trace(let row, _): row.id
        case .observation(let row, _): row.id
        case .score(let row, _): row.id
        }
    }

    /// The message key: every record of a trace shares its trace id, so Kafka keeps them in one
    /// partition, in order. A score without a trace (a session score) is keyed by its own id.
    public var partitionKey: String {
        switch self {
        case .trace(let row, _): row.id
        case .observation(let row, _): row.traceId
        case .score(let row, _): row.traceId ?? row.id
        }
    }

    public var isDeleted: Bool {
        switch self {
        case .trace(_, let deleted), .observation(_, let deleted), .score(_, let deleted): deleted
        }
    }
}

/// Turns a changed row into the message value the change feed publishes (the lake contract).
/// The store calls it when the relay reads pending changes, with the row as that change left
/// it (or, after a restart, as the table holds it), and inside the write transaction only for
/// deleted rows, which cannot be read back later.
public protocol ChangeEncoder: Sendable {
    /// The message value (JSON text) for a row at `version`; versions grow with every change
    /// of the store, so a later version of a row always supersedes an earlier one.
    func messageValue(for change: RowChange, version: Int64) -> String
}

/// The client that caused a change, for the message headers.
public struct SDKIdentity: Sendable, Equatable {
    public let name: String
    public let version: String?

    public init(name: String, version: String?) {
        self.name = name
        self.version = version
    }
}

/// One pending message of the outbox.
public struct OutboxEntry: Sendable, Equatable {
    /// The change's position in the store's change sequence; also the row version.
    public let sequence: Int64
    public let kind: EntityKind
    public let projectId: String
    public let entityId: String
    public let key: String
    public let value: String
    public let sdk: SDKIdentity?
    public let committedAt: EpochMillis

    public init(
        sequence: Int64, kind: EntityKind, projectId: String, entityId: String, key: String, value: String,
        sdk: SDKIdentity?, committedAt: EpochMillis
    ) {
        self.sequence = sequence
        self.kind = kind
        self.projectId = projectId
        self.entityId = entityId
        self.key = key
        self.value = value
        self.sdk = sdk
        self.committedAt = committedAt
    }
}

/// What a read of the outbox found after a sequence.
public struct PendingChanges: Sendable, Equatable {
    /// The messages to publish, oldest first.
    public let entries: [OutboxEntry]
    /// The last sequence the read covered. A sequence up to here without an entry needs no
    /// message: a later change of the same row, which comes after it, carries the row's newer
    /// state (or the row was deleted, and its deletion is a change of its own). Equal to the
    /// sequence asked after when nothing is pending.
    public let through: Int64

    public init(entries: [OutboxEntry], through: Int64) {
        self.entries = entries
        self.through = through
    }
}
