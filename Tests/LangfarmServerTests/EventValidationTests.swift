import Foundation
import LangfarmCore
import Testing

/// Per-event refusals inside a 207: each names the offending field, and the refused event is
/// not stored while its neighbours are.
@Suite struct EventValidationTests {
    /// Sends `bad` next to a good trace and checks the exact per-event error.
    func expectRejected(_ bad: JSONValue, error expected: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await TestApp.run { app, client in
            let badId = bad["id"]?.stringValue ?? "unknown"
            let reply = try await client.ingest([bad, Events.trace("good")], auth: app.a.basic)
            #expect(reply.status == 207, "\(reply)", sourceLocation: sourceLocation)
            #expect(reply.json.ids("successes") == ["env-good"], "\(reply)", sourceLocation: sourceLocation)
            let rejection = reply.json.error(for: badId)
            #expect(rejection?["status"] == 400, "\(reply)", sourceLocation: sourceLocation)
            #expect(rejection?["message"] == "Invalid request data", sourceLocation: sourceLocation)
            #expect(rejection?["error"] == .string(expected), sourceLocation: sourceLocation)
            #expect(try await app.loggedEventCount(app.a) == 1, sourceLocation: sourceLocation)
        }
    }

    struct FieldCase: Sendable, CustomTestStringConvertible {
        let type: String
        let body: JSONValue
        let error: String
        var testDescription: String { "\(type) \(body.jsonText)" }
    }

    static let fieldCases: [FieldCase] = [
        FieldCase(type: "trace-create", body: ["id": "t1", "name": 42], error: "body.name: expected a string, got a number"),
        FieldCase(type: "trace-create", body: ["id": "t1", "tags": [1]], error: "body.tags: expected an array of strings, found a number"),
        FieldCase(type: "trace-create", body: ["id": "t1", "tags": "a,b"], error: "body.tags: expected an array of strings, got a string"),
        FieldCase(type: "trace-create", body: ["id": "t1", "public": "yes"], error: "body.public: expected a boolean, got a string"),
        FieldCase(type: "trace-create", body: ["id": 7], error: "body.id: expected a string, got a number"),
        FieldCase(type: "trace-create", body: ["id": ""], error: "body.id: must not be empty"),
        // A NUL would be cut off by SQLite and cannot be stored by PostgreSQL, in any text column.
        FieldCase(type: "trace-create", body: ["id": "t1", "name": "a\u{0}b"], error: "body.name: must not contain the NUL character (\\u0000)"),
        FieldCase(type: "trace-create", body: ["id": "t1", "userId": "u\u{0}"], error: "body.userId: must not contain the NUL character (\\u0000)"),
        FieldCase(type: "trace-create", body: ["id": "t1", "tags": ["ok", "\u{0}"]], error: "body.tags: must not contain the NUL character (\\u0000)"),
        FieldCase(type: "span-create", body: ["id": "o1", "statusMessage": "x\u{0}"], error: "body.statusMessage: must not contain the NUL character (\\u0000)"),
        FieldCase(
            type: "trace-create", body: ["id": "t1", "timestamp": "yesterday"],
            error: "body.timestamp: 'yesterday' is not an ISO-8601 date-time"
        ),
        FieldCase(type: "span-create", body: ["id": "o1", "startTime": 1_700_000_000], error: "body.startTime: expected a string, got a number"),
        FieldCase(type: "span-create", body: ["id": "o1", "traceId": ["t1"]], error: "body.traceId: expected a string, got an array"),
        FieldCase(
            type: "generation-create", body: ["id": "o1", "promptName": "p"],
            error: "body.promptName and body.promptVersion must be set together"
        ),
        FieldCase(
            type: "generation-create", body: ["id": "o1", "usage": ["input": "ten"]],
            error: "body.usage.input: expected a number, got a string"
        ),
        FieldCase(
            type: "generation-create", body: ["id": "o1", "modelParameters": ["x": [1]]],
            error: "body.modelParameters.x: expected a string, number, boolean, string array or string map, got an array"
        ),
        FieldCase(type: "score-create", body: ["id": "s1", "traceId": "t1", "value": 1], error: "body.name: is required and must not be empty"),
        FieldCase(
            type: "score-create", body: ["id": "s1", "name": "q", "value": 1],
            error: "body: a score needs exactly one of traceId, sessionId or datasetRunId, got 0"
        ),
        FieldCase(
            type: "score-create", body: ["id": "s1", "traceId": "t1", "name": "q", "value": 2, "dataType": "BOOLEAN"],
            error: "body.value: a number is not a valid BOOLEAN score value (expected 0 or 1)"
        ),
    ]

    @Test(arguments: fieldCases)
    func wrongFieldTypeIsNamed(_ field: FieldCase) async throws {
        try await expectRejected(Events.envelope(field.type, id: "bad", body: field.body), error: field.error)
    }

    @Test func unknownEventType() async throws {
        try await expectRejected(
            Events.envelope("trace-upsert", id: "bad", body: ["id": "t1"]),
            error: "event.type: unknown event type 'trace-upsert'"
        )
    }

    /// Langfarm's internal score-deletion event must not be accepted from clients.
    @Test func internalEventTypeIsUnknownToClients() async throws {
        try await expectRejected(
            Events.envelope("langfarm-score-delete", id: "bad", body: ["id": "s1"]),
            error: "event.type: unknown event type 'langfarm-score-delete'"
        )
    }

    @Test func envelopeIdOf801CharactersIsRejected() async throws {
        let id = String(repeating: "e", count: 801)
        try await expectRejected(
            Events.envelope("trace-create", id: id, body: ["id": "t1"]),
            error: "event.id: must be at most 800 characters, got 801"
        )
    }

    @Test func envelopeIdOf800CharactersIsAccepted() async throws {
        try await TestApp.run { app, client in
            let id = String(repeating: "e", count: 800)
            let reply = try await client.ingest([Events.envelope("trace-create", id: id, body: ["id": "t1"])], auth: app.a.basic)
            #expect(reply.json.ids("successes") == [id], "\(reply)")
            #expect(try await client.trace("t1", auth: app.a.basic).status == 200)
        }
    }

    @Test func envelopeIdWithCarriageReturnIsRejected() async throws {
        try await expectRejected(
            Events.envelope("trace-create", id: "bad\r", body: ["id": "t1"]),
            error: "event.id: must not contain a carriage return"
        )
    }

    static let envelopeCases: [FieldCase] = [
        FieldCase(type: "missing timestamp", body: ["id": "bad", "type": "trace-create", "body": ["id": "t1"]], error: "event.timestamp: is required"),
        FieldCase(
            type: "time without date", body: ["id": "bad", "type": "trace-create", "timestamp": "12:00", "body": ["id": "t1"]],
            error: "event.timestamp: '12:00' is not an ISO-8601 date-time"
        ),
        FieldCase(
            type: "missing type", body: ["id": "bad", "timestamp": "2026-03-01T12:00:00Z", "body": ["id": "t1"]],
            error: "event.type: is required"
        ),
        FieldCase(
            type: "missing body", body: ["id": "bad", "type": "trace-create", "timestamp": "2026-03-01T12:00:00Z"],
            error: "event.body: is required"
        ),
        FieldCase(
            type: "string body", body: ["id": "bad", "type": "trace-create", "timestamp": "2026-03-01T12:00:00Z", "body": "t1"],
            error: "event.body: expected an object, got a string"
        ),
    ]

    @Test(arguments: envelopeCases)
    func malformedEnvelope(_ envelope: FieldCase) async throws {
        try await expectRejected(envelope.body, error: envelope.error)
    }

    @Test func envelopeWithoutIdIsReportedAsUnknown() async throws {
        try await TestApp.run { app, client in
            let reply = try await client.ingest([
                ["type": "trace-create", "timestamp": "2026-03-01T12:00:00Z", "body": ["id": "t1"]],
                "not an object",
            ], auth: app.a.basic)
            #expect(reply.status == 207, "\(reply)")
            let errors = reply.json["errors"]?.arrayValue ?? []
            #expect(errors.count == 2, "\(reply)")
            #expect(errors.allSatisfy { $0["id"] == "unknown" && $0["status"] == 400 })
            #expect(Set(errors.compactMap { $0["error"]?.stringValue })
                == ["event.id: is required", "event: expected an object, got a string"])
            #expect(try await app.loggedEventCount(app.a) == 0)
        }
    }
}
