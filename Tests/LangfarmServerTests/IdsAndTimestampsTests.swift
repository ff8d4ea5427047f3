import Foundation
import LangfarmCore
import Testing

/// Ids are stored exactly as sent, whatever their format, and read back by URL-encoded path;
/// ISO-8601 timestamps of every common shape are normalised to `yyyy-MM-ddTHH:mm:ss.SSSZ`.
@Suite struct IdsAndTimestampsTests {
    @Test(arguments: [
        ("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"), // OpenTelemetry trace / span ids
        ("my trace with spaces", "my span with spaces"),
        ("trace-ünïcödé-✓-日本", "span-ünïcödé-✓"),
        ("org/team/trace:1", "a/b?c=d#e"),
        ("100%25-done+plus", "semi;colon,comma&amp"),
    ])
    func nonUUIDIdsAreStoredAndReadableBack(traceId: String, observationId: String) async throws {
        try await TestApp.run { app, client in
            let reply = try await client.ingest([
                Events.trace(traceId, envelopeId: "e-trace", ["name": "n"]),
                Events.observation("span-create", observationId, traceId: traceId, envelopeId: "e-span"),
            ], auth: app.a.basic)
            #expect(reply.json.ids("successes") == ["e-trace", "e-span"], "\(reply)")

            let trace = try await client.trace(traceId, auth: app.a.basic)
            #expect(trace.status == 200, "GET /api/public/traces/\(TestClient.encodePathSegment(traceId)): \(trace)")
            #expect(trace.json["id"] == .string(traceId))
            #expect(trace.json["observations"]?[0]?["id"] == .string(observationId))

            let observation = try await client.observation(observationId, auth: app.a.basic)
            #expect(observation.status == 200, "GET /api/public/observations/\(TestClient.encodePathSegment(observationId)): \(observation)")
            #expect(observation.json["id"] == .string(observationId))
            #expect(observation.json["traceId"] == .string(traceId))
        }
    }

    /// The not-found message names the id as the client meant it, not its encoded form.
    @Test func notFoundMessageNamesTheDecodedId() async throws {
        try await TestApp.run { app, client in
            let reply = try await client.trace("no such trace", auth: app.a.basic)
            #expect(reply.status == 404)
            #expect(reply.message == "Trace no such trace not found within authorized project")
        }
    }

    @Test(arguments: [
        ("2026-03-01T12:00:00Z", "2026-03-01T12:00:00.000Z"),
        ("2026-03-01T12:00:00.5Z", "2026-03-01T12:00:00.500Z"),
        ("2026-03-01T12:00:00.123Z", "2026-03-01T12:00:00.123Z"),
        ("2026-03-01T12:00:00.123456789Z", "2026-03-01T12:00:00.123Z"),
        ("2026-03-01T14:00:00.250+02:00", "2026-03-01T12:00:00.250Z"),
        ("2026-03-01T06:30:00-0530", "2026-03-01T12:00:00.000Z"),
        ("2026-03-01T12:00:00+00:00", "2026-03-01T12:00:00.000Z"),
        ("2026-03-02T01:30:00+13:30", "2026-03-01T12:00:00.000Z"),
        ("2026-03-01 12:00:00Z", "2026-03-01T12:00:00.000Z"),
        ("2026-03-01T12:00:00.000001", "2026-03-01T12:00:00.000Z"),
        ("2026-02-28T23:00:00-13:00", "2026-03-01T12:00:00.000Z"),
    ])
    func timestampShapesAreNormalised(sent: String, expected: String) async throws {
        try await TestApp.run { app, client in
            let reply = try await client.ingest([
                Events.trace("t1", ["timestamp": .string(sent)]),
                Events.observation("span-create", "o1", traceId: "t1", ["startTime": .string(sent), "endTime": .string(sent)]),
                Events.envelope("span-create", id: "e-o2", body: ["id": "o2", "traceId": "t1"], timestamp: sent),
            ], auth: app.a.basic)
            #expect(reply.json.ids("successes") == ["env-t1", "env-o1", "e-o2"], "\(reply)")
            let trace = try await client.trace("t1", auth: app.a.basic)
            #expect(trace.json["timestamp"] == .string(expected))
            let observation = try await client.observation("o1", auth: app.a.basic)
            #expect(observation.json["startTime"] == .string(expected))
            #expect(observation.json["endTime"] == .string(expected))
            // Without body.startTime, the envelope timestamp is the start time.
            let fromEnvelope = try await client.observation("o2", auth: app.a.basic)
            #expect(fromEnvelope.json["startTime"] == .string(expected))
        }
    }

    @Test(arguments: ["2026-13-01T12:00:00Z", "2026-02-30T12:00:00Z", "2026-03-01T25:00:00Z", "2026-03-01T12:00:00+2", "1 March 2026"])
    func impossibleTimestampsAreRejected(sent: String) async throws {
        try await TestApp.run { app, client in
            let reply = try await client.ingest([Events.trace("t1", ["timestamp": .string(sent)])], auth: app.a.basic)
            #expect(reply.json.error(for: "env-t1")?["error"] == .string("body.timestamp: '\(sent)' is not an ISO-8601 date-time"), "\(reply)")
            #expect(try await client.trace("t1", auth: app.a.basic).status == 404)
        }
    }

    @Test func endBeforeStartIsClampedToStart() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([
                Events.observation("span-create", "o1", traceId: "t1", [
                    "startTime": "2026-03-01T12:00:05.000Z", "endTime": "2026-03-01T12:00:01.000Z",
                ]),
            ], auth: app.a.basic)
            let observation = try await client.observation("o1", auth: app.a.basic)
            #expect(observation.json["startTime"] == "2026-03-01T12:00:05.000Z")
            #expect(observation.json["endTime"] == "2026-03-01T12:00:05.000Z")
            #expect(observation.json["latency"] == 0)
        }
    }
}
