import Foundation
import LangfarmCore
import Testing

/// Authorization header handling (compat §1): statuses, exact messages, and the Bearer
/// (public-key-only) access level.
@Suite struct AuthTests {
    static let invalidCredentials = "Invalid credentials. Confirm that you've configured the correct host."

    @Test func missingHeaderIs401() async throws {
        try await TestApp.run { app, client in
            let reply = try await client.trace("t1", auth: nil)
            #expect(reply.status == 401, "\(reply)")
            #expect(reply.message == "No authorization header")
        }
    }

    @Test(arguments: [
        "Token abc",
        "Basic !!!not-base64!!!",
        TestApp.basic("no-colon-here"),
        "basic",
    ])
    func malformedHeaderIs401(header: String) async throws {
        try await TestApp.run { app, client in
            let reply = try await client.trace("t1", auth: header)
            #expect(reply.status == 401, "\(reply)")
            #expect(reply.message == "Invalid authorization header")
        }
    }

    @Test func wrongSecretIs401() async throws {
        try await TestApp.run { app, client in
            let reply = try await client.trace("t1", auth: TestApp.basic("\(app.a.publicKey):sk-lf-wrong"))
            #expect(reply.status == 401, "\(reply)")
            #expect(reply.message == Self.invalidCredentials)
        }
    }

    @Test func unknownPublicKeyIs401() async throws {
        try await TestApp.run { app, client in
            let reply = try await client.trace("t1", auth: TestApp.basic("pk-lf-unknown:\(app.a.secretKey)"))
            #expect(reply.status == 401, "\(reply)")
            #expect(reply.message == Self.invalidCredentials)
        }
    }

    /// Langfarm (unlike Langfuse) insists that the public key belongs to the secret key.
    @Test func publicKeyOfAnotherKeyIs401() async throws {
        try await TestApp.run { app, client in
            let reply = try await client.trace("t1", auth: TestApp.basic("\(app.b.publicKey):\(app.a.secretKey)"))
            #expect(reply.status == 401, "\(reply)")
            #expect(reply.message == Self.invalidCredentials)
        }
    }

    @Test func validKeyReachesTheRoute() async throws {
        try await TestApp.run { app, client in
            let reply = try await client.trace("t1", auth: app.a.basic)
            #expect(reply.status == 404, "\(reply)")
            #expect(reply.message == "Trace t1 not found within authorized project")
        }
    }

    @Test func bearerWithUnknownPublicKeyIs401() async throws {
        try await TestApp.run { app, client in
            let reply = try await client.trace("t1", auth: "Bearer pk-lf-unknown")
            #expect(reply.status == 401, "\(reply)")
            #expect(reply.message == "Invalid public key. Confirm that you've configured the correct host.")
        }
    }

    @Test func bearerOnAProjectRouteIs403() async throws {
        try await TestApp.run { app, client in
            for path in ["/api/public/traces/t1", "/api/public/observations/o1", "/api/public/projects"] {
                let reply = try await client.get(path, auth: app.a.bearer)
                #expect(reply.status == 403, "\(path): \(reply)")
                #expect(reply.message == "Access denied - insufficient permissions for this endpoint", "\(path)")
            }
        }
    }

    @Test func ingestionUnauthorizedBodyNamesTheError() async throws {
        try await TestApp.run { app, client in
            let cases: [(String?, String)] = [
                (nil, "No authorization header"),
                ("Token abc", "Invalid authorization header"),
                (TestApp.basic("\(app.a.publicKey):wrong"), Self.invalidCredentials),
            ]
            for (auth, message) in cases {
                let reply = try await client.ingest([Events.trace("t1")], auth: auth)
                #expect(reply.status == 401, "\(reply)")
                #expect(reply.json == ["message": .string(message), "error": "UnauthorizedError"])
            }
            #expect(try await app.loggedEventCount(app.a) == 0)
        }
    }

    @Test func bearerIngestionStoresScoresAndRefusesTraces() async throws {
        try await TestApp.run { app, client in
            let setup = try await client.ingest([Events.trace("t1", ["name": "original"])], auth: app.a.basic)
            #expect(setup.status == 207)

            let reply = try await client.ingest([
                Events.score("s1", traceId: "t1", value: 0.8),
                Events.trace("t1", envelopeId: "bearer-trace", ["name": "changed"]),
                Events.trace("t2"),
                Events.envelope("sdk-log", id: "log-1", body: ["log": "hello"]),
            ], auth: app.a.bearer)
            #expect(reply.status == 207, "\(reply)")
            #expect(reply.json.ids("successes") == ["env-s1"])
            #expect(reply.json.ids("errors") == ["bearer-trace", "env-t2"])
            let denied = try #require(reply.json.error(for: "bearer-trace"))
            #expect(denied["status"] == 401)
            #expect(denied["error"] == "Access Scope Denied")
            #expect(denied["message"] == "Authentication error")

            let trace = try await client.trace("t1", auth: app.a.basic)
            #expect(trace.json["name"] == "original")
            #expect(trace.json["scores"]?.arrayValue?.map { $0["id"] } == ["s1"])
            #expect(trace.json["scores"]?[0]?["value"] == 0.8)
            #expect(try await client.trace("t2", auth: app.a.basic).status == 404)
        }
    }

    @Test func bearerCanPostScores() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([Events.trace("t1")], auth: app.a.basic)
            let reply = try await client.send(
                .post, "/api/public/scores", auth: app.a.bearer,
                json: ["id": "bearer-score", "traceId": "t1", "name": "helpful", "value": 1]
            )
            #expect(reply.status == 200, "\(reply)")
            #expect(reply.json == ["id": "bearer-score"])
            let trace = try await client.trace("t1", auth: app.a.basic)
            #expect(trace.json["scores"]?.arrayValue?.map { $0["name"] } == ["helpful"])
        }
    }

    @Test func bearerCannotDeleteScoresOrUseLegacyWrites() async throws {
        try await TestApp.run { app, client in
            let delete = try await client.send(.delete, "/api/public/scores/s1", auth: app.a.bearer)
            #expect(delete.status == 403, "\(delete)")
            let legacy = try await client.send(.post, "/api/public/traces", auth: app.a.bearer, json: ["id": "t1"])
            #expect(legacy.status == 403, "\(legacy)")
            #expect(try await app.loggedEventCount(app.a) == 0)
        }
    }
}
