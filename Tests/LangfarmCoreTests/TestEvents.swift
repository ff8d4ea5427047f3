import Foundation
@testable import LangfarmCore

/// Builders for envelopes in the shape the SDKs send them.
enum TestEvents {
    static func json(_ text: String) -> JSONValue {
        try! JSONValue.parse(Data(text.utf8))
    }

    static func object(_ text: String) -> [String: JSONValue] {
        json(text).objectValue!
    }

    static func envelope(_ type: String, id: String, at timestamp: String, body: String) -> JSONValue {
        json(#"{"id":"\#(id)","type":"\#(type)","timestamp":"\#(timestamp)","body":\#(body)}"#)
    }

    static func normalise(_ envelope: JSONValue) -> NormalisedEvent {
        switch EventNormaliser.normalise(envelope) {
        case .success(let event): return event
        case .failure(let rejection): fatalError("unexpected rejection: \(rejection)")
        }
    }

    static func rejection(_ envelope: JSONValue) -> EventRejection? {
        if case .failure(let rejection) = EventNormaliser.normalise(envelope) { return rejection }
        return nil
    }

    static func event(_ type: String, id: String, at timestamp: String, body: String) -> NormalisedEvent {
        normalise(envelope(type, id: id, at: timestamp, body: body))
    }
}

extension EventPatch {
    /// The trace patch the event carries; nil when it carries another kind, so that a check of
    /// one of its columns fails.
    var tracePatch: TracePatch? {
        if case .trace(let patch) = self { return patch }
        return nil
    }

    var observationPatch: ObservationPatch? {
        if case .observation(let patch) = self { return patch }
        return nil
    }

    var scorePatch: ScorePatch? {
        if case .score(let patch) = self { return patch }
        return nil
    }
}
