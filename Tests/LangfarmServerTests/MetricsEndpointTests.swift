import Testing
@testable import LangfarmServer

@Suite struct MetricsEndpointTests {
    @Test func countsAcceptedAndRejectedEventsAndCommitTimes() async throws {
        try await TestApp.run { app, client in
            let bad = Events.envelope("trace-create", id: "bad", body: ["id": "t9", "name": 5])
            let reply = try await client.ingest([Events.trace("t1"), Events.trace("t2"), bad], auth: app.a.basic)
            #expect(reply.status == 207)
            let metrics = try await client.get("/metrics", auth: nil)
            #expect(metrics.status == 200)
            #expect(metrics.contentType?.hasPrefix("text/plain") == true)
            #expect(metrics.text.contains(#"langfarm_ingestion_events_total{outcome="accepted"} 2"#), "\(metrics.text)")
            #expect(metrics.text.contains(#"langfarm_ingestion_events_total{outcome="rejected"} 1"#), "\(metrics.text)")
            #expect(metrics.text.contains("langfarm_ingestion_commit_seconds_count 1"), "\(metrics.text)")
        }
    }
}
