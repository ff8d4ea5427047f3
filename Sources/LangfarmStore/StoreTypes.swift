import LangfarmCore

/// A Langfuse project: the wall every key, event and row sits behind.
public struct Project: Sendable, Equatable {
    public let id: String
    public let name: String
    /// The project's own retention window, if it set one (`RetentionStore.setRetention`);
    /// nil follows the server's default (`RetentionPolicy`).
    public let retention: Retention?

    public init(id: String, name: String, retention: Retention? = nil) {
        self.id = id
        self.name = name
        self.retention = retention
    }
}

/// An API key as stored: the secret itself is never kept, only its salted hash.
public struct APIKeyRecord: Sendable, Equatable {
    public let publicKey: String
    public let hashedSecret: String
    /// `sk-lf-…abcd`, for listings.
    public let displaySecret: String
    public let projectId: String
    public let name: String?
    public let createdAt: EpochMillis

    public init(publicKey: String, hashedSecret: String, displaySecret: String, projectId: String, name: String?, createdAt: EpochMillis) {
        self.publicKey = publicKey
        self.hashedSecret = hashedSecret
        self.displaySecret = displaySecret
        self.projectId = projectId
        self.name = name
        self.createdAt = createdAt
    }
}

/// The accepted events of one request, committed together with other requests' batches.
public struct EventBatch: Sendable {
    public let projectId: String
    public let events: [NormalisedEvent]
    public let receivedAt: EpochMillis
    /// The client that sent the events, as its request headers name it.
    public let sdk: SDKIdentity?

    public init(projectId: String, events: [NormalisedEvent], receivedAt: EpochMillis, sdk: SDKIdentity? = nil) {
        self.projectId = projectId
        self.events = events
        self.receivedAt = receivedAt
        self.sdk = sdk
    }
}

/// One entry of the raw event log.
public struct LoggedEvent: Sendable, Equatable {
    public let projectId: String
    public let envelopeId: String
    public let eventType: String
    public let entityKind: String
    public let entityId: String
    public let eventTimestamp: EpochMillis
    public let receivedAt: EpochMillis
    /// The envelope as the client sent it, as JSON text.
    public let envelope: String

    public init(
        projectId: String, envelopeId: String, eventType: String, entityKind: String, entityId: String,
        eventTimestamp: EpochMillis, receivedAt: EpochMillis, envelope: String
    ) {
        self.projectId = projectId
        self.envelopeId = envelopeId
        self.eventType = eventType
        self.entityKind = entityKind
        self.entityId = entityId
        self.eventTimestamp = eventTimestamp
        self.receivedAt = receivedAt
        self.envelope = envelope
    }
}

/// What `rebuild` recomputed.
public struct RebuildSummary: Sendable, Equatable {
    public let events: Int
    public let traces: Int
    public let observations: Int
    public let scores: Int

    public init(events: Int, traces: Int, observations: Int, scores: Int) {
        self.events = events
        self.traces = traces
        self.observations = observations
        self.scores = scores
    }
}

/// A store failure a user can act on.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// One page of model definitions and the total count across pages.
public struct ModelPage: Sendable {
    public let models: [ModelDefinition]
    public let totalItems: Int

    public init(models: [ModelDefinition], totalItems: Int) {
        self.models = models
        self.totalItems = totalItems
    }
}

/// A project already has a model definition of this name.
public struct ModelNameTaken: Error, Sendable, CustomStringConvertible {
    public let modelName: String

    public init(modelName: String) {
        self.modelName = modelName
    }

    public var description: String {
        "a model named '\(modelName)' already exists in this project; delete it first or choose another modelName"
    }
}
