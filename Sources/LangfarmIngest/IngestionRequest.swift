import Foundation
import LangfarmCore

/// Who is sending: a project key (Basic auth) may send every event type; a public key alone
/// (Bearer) may send scores and SDK logs only, as Langfuse allows.
public enum IngestionScope: Sendable {
    case project
    case scoresOnly
}

/// A whole-request refusal (400), before any event is looked at.
public struct RequestRejection: Error, Sendable, Equatable {
    public let message: String
    public let details: [String]

    public init(message: String, details: [String]) {
        self.message = message
        self.details = details
    }
}

/// What the events of one request amount to, before they are committed.
public struct IngestionPlan: Sendable {
    /// Events to append to the event log and fold into rows.
    public var accepted: [NormalisedEvent] = []
    /// Envelope ids reported as 201 although nothing is stored (creates without a body id).
    public var acknowledgedOnly: [String] = []
    public var rejections: [EventRejection] = []

    public init() {}

    /// Adds one envelope as validated: an event to store, one acknowledged but not stored, or a
    /// refusal (also of an event outside the key's scope).
    public mutating func add(_ normalised: Result<NormalisedEvent, EventRejection>, scope: IngestionScope) {
        switch normalised {
        case .failure(let rejection):
            rejections.append(rejection)
        case .success(let event):
            if scope == .scoresOnly, !event.type.allowedForScoreScope {
                rejections.append(
                    EventRejection(envelopeId: event.envelopeId, status: 401, message: "Authentication error", error: "Access Scope Denied")
                )
            } else if event.entity == nil, event.type != .sdkLog {
                acknowledgedOnly.append(event.envelopeId)
            } else {
                accepted.append(event)
            }
        }
    }

    /// The envelope ids that count as successes once the accepted events are committed.
    /// SDK log events appear in neither list, as in Langfuse.
    public var successIds: [String] {
        accepted.filter { $0.type != .sdkLog }.map(\.envelopeId) + acknowledgedOnly
    }
}

/// One envelope as received: its JSON tree and, when the receiver has them, its exact bytes.
public struct ReceivedEnvelope: Sendable {
    public let value: JSONValue
    public let text: String?

    public init(_ value: JSONValue, text: String? = nil) {
        self.value = value
        self.text = text
    }
}

/// Decodes `POST /api/public/ingestion` bodies (`{batch: [...], metadata?}`) and plans each event.
public enum IngestionRequest {
    public static func decode(_ body: Data) -> Result<[ReceivedEnvelope], RequestRejection> {
        let document: JSONValue
        let texts: [String]
        do {
            (document, texts) = try JSONParser.parse(body, capturingElementsOf: "batch")
        } catch {
            return .failure(RequestRejection(message: "Invalid request data", details: ["body: malformed JSON: \(error)"]))
        }
        guard case .object(let members) = document else {
            return .failure(RequestRejection(message: "Invalid request data", details: ["body: expected an object with a 'batch' array"]))
        }
        guard case .array(let batch)? = members["batch"] else {
            let found = members["batch"].map { "got \($0.kindDescription)" } ?? "it is missing"
            return .failure(RequestRejection(message: "Invalid request data", details: ["batch: expected an array, \(found)"]))
        }
        guard texts.count == batch.count else {
            return .failure(RequestRejection(message: "Invalid request data", details: ["batch: could not match the events to their text"]))
        }
        return .success(zip(batch, texts).map { ReceivedEnvelope($0, text: $1) })
    }

    /// Validates every envelope; one bad event never affects the others. Each envelope's tree
    /// is freed once its event is made.
    public static func plan(_ envelopes: consuming [ReceivedEnvelope], scope: IngestionScope) -> IngestionPlan {
        var plan = IngestionPlan()
        plan.accepted.reserveCapacity(envelopes.count)
        envelopes.forEachReleasing { envelope in
            plan.add(EventNormaliser.normalise(envelope.value, text: envelope.text), scope: scope)
        }
        return plan
    }
}
