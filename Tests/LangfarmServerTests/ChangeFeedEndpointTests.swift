import Foundation
import LangfarmCore
import LangfarmStore
import Testing
@testable import LangfarmServer

/// What the HTTP side does with the Kafka change feed: refuse writes with 503 and
/// `Retry-After` while the outbox is at its capacity, and report the relay in the health check.
@Suite struct ChangeFeedEndpointTests {
    static func status(depth: Int64) -> OutboxStatus {
        OutboxStatus(enabled: true, depth: depth, lastSequence: depth, acknowledged: 0, oldestPendingCommittedAt: EpochMillis.now - 5_000, deadLetters: 0)
    }

    @Test func aFullOutboxRefusesWritesUntilItDrains() async throws {
        let monitor = ChangeFeedMonitor(capacity: 10)
        try await TestApp.run(changeFeed: monitor) { app, client in
            monitor.update(status: Self.status(depth: 10))
            let refused = try await client.ingest([Events.trace("t1")], auth: app.a.basic)
            #expect(refused.status == 503, "\(refused)")
            #expect(refused.message?.contains("outbox is full") == true)
            let otlp = try await client.send(.post, "/api/public/otel/v1/traces", auth: app.a.basic, body: Data("{}".utf8))
            #expect(otlp.status == 503, "\(otlp)")
            let deletion = try await client.send(.delete, "/api/public/traces/t1", auth: app.a.basic)
            #expect(deletion.status == 503, "\(deletion)")
            #expect(try await app.loggedEventCount(app.a) == 0, "nothing of a refused request is stored")
            try await app.addUser("ada@example.com", roles: [app.a.id: .owner])
            let browser = TestBrowser(client)
            try await browser.signIn(email: "ada@example.com", password: "password-1")
            let token = try #require(try await browser.get("/project/project-a/traces").csrf)
            #expect(try await browser.post("/project/project-a/traces/t1/delete", form: ["_csrf": token]).status == 503, "the UI's deletion too")
            #expect(try await browser.post("/project/project-a/traces/t1/bookmark", form: ["_csrf": token, "bookmarked": "true"]).status == 503, "and its edits")

            monitor.update(status: Self.status(depth: 9))
            let accepted = try await client.ingest([Events.trace("t1")], auth: app.a.basic)
            #expect(accepted.status == 207 && accepted.json.ids("successes") == ["env-t1"], "\(accepted)")
        }
    }

    @Test func theRefusalCarriesRetryAfter() async throws {
        let error = APIError.outboxFull(depth: 3)
        #expect(error.status == .serviceUnavailable && error.retryAfterSeconds == 30)
    }

    @Test func healthReportsTheRelay() async throws {
        let monitor = ChangeFeedMonitor(capacity: 100)
        try await TestApp.run(changeFeed: monitor) { app, client in
            monitor.update(brokerError: "Local: All broker connections are down")
            let health = try await client.get("/api/public/health", auth: nil)
            #expect(health.status == 200, "\(health)")
            let feed = try #require(health.json["changeFeed"])
            #expect(feed["outboxDepth"] == 0 && feed["outboxCapacity"] == 100 && feed["deadLetters"] == 0)
            #expect(feed["brokerError"] == "Local: All broker connections are down")
        }
        try await TestApp.run { _, client in
            let health = try await client.get("/api/public/health", auth: nil)
            #expect(health.json["changeFeed"] == nil, "no change feed, no report")
        }
    }
}
