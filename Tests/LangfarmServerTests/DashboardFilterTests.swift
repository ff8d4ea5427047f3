import Foundation
import LangfarmCore
import Testing
import LangfarmStore
@testable import LangfarmServer
@testable import LangfarmWeb

/// The dashboard's global filters (user, tags, metadata, with environment and the time
/// range): each narrows every card to the matching traces and observations, stays in the form
/// (and so in the URL), and never lets another project's data in.
@Suite struct DashboardFilterTests {
    /// Four traces of project A with one priced generation each (with the trace's metadata:
    /// a metadata filter reads each view's own), and a trace of project B that matches every
    /// filter the tests use.
    static func ingest(_ app: TestApp, _ client: TestClient) async throws {
        let now = EpochMillis.now
        let traces: [(id: String, user: String, tags: [String], tier: String, inputTokens: Double)] = [
            ("t0", "alice", ["vip"], "gold", 100_000),
            ("t1", "bob", ["beta"], "free", 1_000),
            ("t2", "alice", ["vip", "beta"], "gold", 2_000),
            ("t3", "carol", [], "free", 4_000),
        ]
        var events: [JSONValue] = []
        for (index, trace) in traces.enumerated() {
            let start = now - 3_600_000 + EpochMillis(index) * 60_000
            events += [
                Events.trace(trace.id, [
                    "name": "support-chat", "userId": .string(trace.user), "tags": .array(trace.tags.map(JSONValue.string)),
                    "metadata": ["tier": .string(trace.tier)], "timestamp": .string(ISO8601.format(start)),
                ]),
                Events.observation("generation-create", "g\(index)", traceId: trace.id, [
                    "name": "answer", "model": "gpt-4o", "startTime": .string(ISO8601.format(start)),
                    "endTime": .string(ISO8601.format(start + 1_000)), "usage": ["input": .number(trace.inputTokens), "output": 100],
                    "metadata": ["tier": .string(trace.tier)],
                ]),
            ]
        }
        _ = try await client.ingest(events, auth: app.a.basic)
        _ = try await client.ingest([
            Events.trace("b0", [
                "name": "b-only-name", "userId": "alice", "tags": ["vip", "beta"], "metadata": ["tier": "gold"],
                "timestamp": .string(ISO8601.format(now - 60_000)),
            ]),
            Events.observation("generation-create", "b-g0", traceId: "b0", [
                "name": "b-answer", "model": "gpt-4o", "startTime": .string(ISO8601.format(now - 60_000)), "usage": ["input": 500_000, "output": 100],
                "metadata": ["tier": "gold"],
            ]),
        ], auth: app.b.basic)
    }

    /// The total cost the API gives for traces of project A matching `query`.
    static func apiCost(_ app: TestApp, _ client: TestClient, _ query: String) async throws -> Double {
        try await client.get("/api/public/traces?limit=50&\(query)", auth: app.a.basic).json["data"]?.arrayValue?
            .compactMap { $0["totalCost"]?.numberValue }.reduce(0, +) ?? 0
    }

    /// A browser signed in as a user with `role` in project A, after `ingest`.
    static func signedIn(_ app: TestApp, _ client: TestClient, as role: ProjectRole) async throws -> TestBrowser {
        try await app.addUser("ada@example.com", roles: [app.a.id: role])
        try await ingest(app, client)
        let browser = TestBrowser(client)
        try await browser.signIn(email: "ada@example.com", password: "password-1")
        return browser
    }

    @Test func eachFilterNarrowsEveryCardAndStaysInTheForm() async throws {
        try await TestApp.run { app, client in
            let browser = try await Self.signedIn(app, client, as: .viewer)

            let all = try await browser.get("/project/project-a?range=24h")
            #expect(all.html.contains(#"data-testid="trace-count">4<"#))
            #expect(all.html.contains(#"data-testid="generation-count">4<"#))
            #expect(all.html.contains("bob") && all.html.contains("carol"))
            for (label, name) in [("User", "user"), ("Tags", "tags"), ("Metadata key", "metadataKey"), ("Metadata value", "metadataValue")] {
                #expect(all.html.contains(#"<label for="\#(name)">\#(label)</label>"#) && all.html.contains(#"<input id="\#(name)" name="\#(name)""#), "\(name)")
            }

            let alice = try await browser.get("/project/project-a?range=24h&user=alice")
            #expect(alice.html.contains(#"data-testid="trace-count">2<"#), "t0 and t2, not B's trace of alice")
            #expect(alice.html.contains(#"data-testid="generation-count">2<"#))
            let aliceCost = try await Self.apiCost(app, client, "userId=alice")
            #expect(aliceCost > 0 && alice.html.contains(#"data-testid="total-cost">\#(Format.cost(aliceCost))<"#), "alice's cost, \(Format.cost(aliceCost))")
            #expect(alice.html.contains("<td>alice</td><td>2</td>"), "alice's row in top users: her two traces")
            #expect(!alice.html.contains("<td>bob</td>") && !alice.html.contains("<td>carol</td>"))
            #expect(alice.html.contains(#"name="user" value="alice""#), "the filter stays in the form")

            let vip = try await browser.get("/project/project-a?range=24h&tags=vip")
            #expect(vip.html.contains(#"data-testid="trace-count">2<"#))
            let vipCost = try await Self.apiCost(app, client, "tags=vip")
            #expect(vip.html.contains(#"data-testid="total-cost">\#(Format.cost(vipCost))<"#), "the cost of the vip traces' observations")
            let anyTag = try await browser.get("/project/project-a?range=24h&tags=beta,%20vip")
            #expect(anyTag.html.contains(#"data-testid="trace-count">3<"#), "any of the tags")
            #expect(anyTag.html.contains(#"name="tags" value="beta, vip""#))

            let gold = try await browser.get("/project/project-a?range=24h&metadataKey=tier&metadataValue=gold")
            #expect(gold.html.contains(#"data-testid="trace-count">2<"#), "trace metadata on the trace cards")
            #expect(gold.html.contains(#"data-testid="total-cost">\#(Format.cost(aliceCost))<"#), "observation metadata on the observation cards")
            #expect(gold.html.contains(#"name="metadataKey" value="tier""#) && gold.html.contains(#"name="metadataValue" value="gold""#))

            let aliceBeta = try await browser.get("/project/project-a?range=24h&user=alice&tags=beta")
            #expect(aliceBeta.html.contains(#"data-testid="trace-count">1<"#), "filters combine")
            let nobody = try await browser.get("/project/project-a?range=24h&user=nobody")
            #expect(nobody.html.contains(#"data-testid="trace-count">0<"#) && nobody.html.contains(#"data-testid="total-cost">\#(Format.cost(Double(0)))<"#))
        }
    }

    @Test func filtersNeverShowAnotherProjectsData() async throws {
        try await TestApp.run { app, client in
            let browser = try await Self.signedIn(app, client, as: .owner)
            let filtered = try await browser.get("/project/project-a?range=24h&user=alice&tags=vip&metadataKey=tier&metadataValue=gold")
            #expect(filtered.status == 200)
            #expect(filtered.html.contains(#"data-testid="trace-count">2<"#))
            #expect(!filtered.html.contains("b-only-name") && !filtered.html.contains("b-answer"))
            let aliceCost = try await Self.apiCost(app, client, "userId=alice")
            #expect(filtered.html.contains(#"data-testid="total-cost">\#(Format.cost(aliceCost))<"#), "B's expensive generation is not counted")
            #expect(try await browser.get("/project/project-b?user=alice").status == 404)
        }
    }
}
