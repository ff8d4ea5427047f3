/// One accepted ingestion event, validated and normalised to the columns of its row.
public struct NormalisedEvent: Sendable {
    public let envelopeId: String
    public let type: EventType
    /// The envelope timestamp: the order in which events of one entity are folded.
    public let timestamp: EpochMillis
    /// The row this event folds into; `nil` for events that are acknowledged but not stored
    /// (`sdk-log`, and creates without a body id, as Langfuse does).
    public let entity: EntityRef?
    /// The event's contribution to its row.
    public let patch: EventPatch
    /// The envelope's JSON text, kept in the event log: the client's own bytes for batch events.
    /// Only the text is kept, not the parsed tree: what the row needs is in `patch`, and a
    /// request's trees are freed before its events are committed.
    public let rawText: String
    /// The trace the event belongs to, if the event names one: it anchors the partition time.
    public var traceId: String? {
        switch patch {
        case .observation(let observation): return observation.traceId.value
        case .score(let score): return score.traceId.value
        case .trace, .traceEdit, .scoreDeletion, .nothing: return entity?.kind == .trace ? entity?.id : nil
        }
    }

    public init(
        envelopeId: String, type: EventType, timestamp: EpochMillis, entity: EntityRef?, patch: EventPatch, rawText: String
    ) {
        self.envelopeId = envelopeId
        self.rawText = rawText
        self.type = type
        self.timestamp = timestamp
        self.entity = entity
        self.patch = patch
    }

    /// The envelope parsed again from its text, for the rare uses that need more than the patch
    /// (an SDK log's message, restamping an edit made in the UI).
    public var envelope: JSONValue? {
        JSONValue.parseStored(rawText)
    }

    /// Folding order: event timestamp, creates before updates on ties, then envelope id so that
    /// the order never depends on arrival.
    public static func foldOrder(_ lhs: NormalisedEvent, _ rhs: NormalisedEvent) -> Bool {
        lhs.foldPosition < rhs.foldPosition
    }

    /// Where the event sorts among its entity's events (`foldOrder`).
    public var foldPosition: FoldPosition {
        FoldPosition(timestamp: timestamp, isUpdate: type.isUpdate, envelopeId: envelopeId)
    }
}

/// A per-event refusal, reported inside the 207 response.
public struct EventRejection: Error, Sendable, Equatable {
    public let envelopeId: String
    public let status: Int
    public let message: String
    public let error: String

    public init(envelopeId: String, status: Int, message: String, error: String) {
        self.envelopeId = envelopeId
        self.status = status
        self.message = message
        self.error = error
    }

    static func invalid(_ envelopeId: String, _ problem: ValidationError) -> EventRejection {
        EventRejection(envelopeId: envelopeId, status: 400, message: "Invalid request data", error: problem.message)
    }
}
