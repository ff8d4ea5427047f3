import Foundation
import LangfarmCore

/// The single-event endpoints older SDKs call (`POST /api/public/traces`, `PATCH
/// /api/public/generations`, …). Each wraps its body in an ingestion envelope, so the same
/// validation and merge rules apply as on the batch endpoint.
public enum LegacyEndpoint: Sendable, CaseIterable {
    case createTrace
    case createGeneration
    case updateGeneration
    case createSpan
    case updateSpan
    case createEvent
    case createScore

    var eventType: EventType {
        switch self {
        case .createTrace: return .traceCreate
        case .createGeneration: return .generationCreate
        case .updateGeneration: return .generationUpdate
        case .createSpan: return .spanCreate
        case .updateSpan: return .spanUpdate
        case .createEvent: return .eventCreate
        case .createScore: return .scoreCreate
        }
    }

    /// The field that carries the entity id on PATCH bodies.
    var idField: String {
        switch self {
        case .updateGeneration: return "generationId"
        case .updateSpan: return "spanId"
        default: return "id"
        }
    }

    /// Builds the envelope for one body. A missing id gets a new UUID, as Langfuse does; the id
    /// is returned so the response can name it.
    public func envelope(for body: JSONValue, receivedAt: EpochMillis) -> Result<(envelope: JSONValue, id: String), RequestRejection> {
        guard case .object(var members) = body else {
            return .failure(RequestRejection(message: "Invalid request data", details: ["body: expected an object, got \(body.kindDescription)"]))
        }
        let id: String
        if case .string(let given)? = members[idField] {
            id = given
        } else if members[idField] == nil || members[idField] == .null {
            id = UUID().uuidString.lowercased()
        } else {
            return .failure(RequestRejection(message: "Invalid request data", details: ["body.\(idField): expected a string"]))
        }
        members[idField] = nil
        members["id"] = .string(id)
        if self == .createGeneration || self == .updateGeneration {
            if members["input"] == nil, let prompt = members.removeValue(forKey: "prompt") { members["input"] = prompt }
            if members["output"] == nil, let completion = members.removeValue(forKey: "completion") { members["output"] = completion }
        }
        let envelope: JSONValue = .object([
            "id": .string(UUID().uuidString.lowercased()),
            "type": .string(eventType.rawValue),
            "timestamp": .string(ISO8601.format(receivedAt)),
            "body": .object(members),
        ])
        return .success((envelope, id))
    }
}
