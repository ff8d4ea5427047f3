import Foundation
import LangfarmCore
import Testing

@testable import LangfarmServer
@testable import LangfarmWeb

/// What the trace page tells about a trace and its selected observation.
@Suite struct TraceDetailPageTests {
    @Test func costBreakdownParametersToolCallsAndScoresAreShown() async throws {
        try await TestApp.run { app, client in
            try await app.addUser("ada@example.com", roles: [app.a.id: .viewer])
            _ = try await client.ingest([
                Events.trace("t1", ["name": "agent"]),
                Events.observation("generation-create", "g1", traceId: "t1", [
                    "name": "plan", "model": "gpt-4o", "modelParameters": ["temperature": 0.2],
                    "startTime": "2026-03-01T12:00:00.000Z", "completionStartTime": "2026-03-01T12:00:00.350Z",
                    "endTime": "2026-03-01T12:00:01.000Z", "usage": ["input": 1000, "output": 100],
                    "output": [
                        "role": "assistant", "content": "Let me look.",
                        "tool_calls": [["id": "c1", "type": "function", "function": ["name": "get_weather", "arguments": #"{"city":"Paris"}"#]]],
                    ],
                ]),
                Events.score("s-trace", traceId: "t1", name: "helpfulness", value: 0.75),
                Events.envelope("score-create", id: "env-s-obs", body: [
                    "id": "s-obs", "traceId": "t1", "observationId": "g1", "name": "tool-choice", "value": "right", "dataType": "CATEGORICAL",
                    "comment": "picked <the> tool",
                ]),
            ], auth: app.a.basic)
            let browser = TestBrowser(client)
            try await browser.signIn(email: "ada@example.com", password: "password-1")

            let trace = try await browser.get("/project/project-a/traces/t1")
            // gpt-4o: $2.50 per million input tokens, $10 per million output tokens.
            #expect(trace.html.contains("$0.0035 <span class=\"muted\">(input $0.0025, output $0.001)</span>"), "\(trace.html)")
            #expect(trace.html.contains("<th scope=\"row\">helpfulness</th><td>0.75</td>"))
            #expect(!trace.html.contains("tool-choice"), "the observation's score belongs to the observation")

            let generation = try await browser.get("/project/project-a/traces/t1?observation=g1")
            #expect(generation.html.contains("<dt>Time to first token</dt><dd>350ms</dd>"))
            #expect(generation.html.contains("<dt>Parameters</dt><dd>{&quot;temperature&quot;:0.2}</dd>"))
            #expect(generation.html.contains("<dt>Cost details</dt><dd>input $0.0025, output $0.001</dd>"))
            #expect(generation.html.contains("Let me look.\n→ get_weather({&quot;city&quot;:&quot;Paris&quot;})"))
            #expect(generation.html.contains("<th scope=\"row\">tool-choice</th><td>right</td>") && generation.html.contains("picked &lt;the&gt; tool"))
            #expect(!generation.html.contains("helpfulness"))
        }
    }

    /// A trace of 10,000 observations: the page lists every one, and holds the body of the
    /// selected one only.
    @Test func aTraceOfTenThousandObservationsShowsEveryNodeAndOneBody() async throws {
        try await TestApp.run { app, client in
            try await app.addUser("ada@example.com", roles: [app.a.id: .viewer])
            let count = 10_000
            _ = try await client.ingest([Events.trace("big", ["name": "big"])], auth: app.a.basic)
            for start in stride(from: 0, to: count, by: 1_000) {
                let reply = try await client.ingest((start..<start + 1_000).map { index in
                    Events.observation("span-create", "o\(index)", traceId: "big", [
                        "name": .string("step-\(index)"), "parentObservationId": index == 0 ? nil : .string("o\((index - 1) / 10)"),
                        "input": .string("body-of-\(index)-end"),
                    ])
                }, auth: app.a.basic)
                #expect(reply.json.ids("successes").count == 1_000)
            }
            let browser = TestBrowser(client)
            try await browser.signIn(email: "ada@example.com", password: "password-1")
            let tree = try await browser.get("/project/project-a/traces/big?observation=o9999")
            #expect(tree.status == 200)
            #expect(tree.html.matches(of: #/class="node level-DEFAULT/#).count == count)
            #expect(tree.html.contains("body-of-9999-end") && !tree.html.contains("body-of-5000-end"))
            let timeline = try await browser.get("/project/project-a/traces/big?view=timeline")
            #expect(timeline.html.matches(of: #/<tr class="span level-DEFAULT/#).count == count)
            #expect(!timeline.html.contains("body-of-"))
        }
    }
}
