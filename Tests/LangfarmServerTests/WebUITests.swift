import Foundation
import LangfarmCore
import LangfarmStore
import Testing
@testable import LangfarmServer
@testable import LangfarmWeb

/// The web UI over HTTP: sign-in and sessions, access by project, CSRF, and that nothing a
/// client sent becomes markup. (The browser suite in tests/e2e drives the same in Chromium.)
@Suite struct WebUITests {
    @Test func signingInLeadsToTheProjectsTracesInAHardenedSession() async throws {
        try await TestApp.run { app, client in
            try await app.addUser("ada@example.com", roles: [app.a.id: .member])
            _ = try await client.ingest([Events.trace("t1", ["name": "checkout-flow", "userId": "u-42", "tags": ["beta"]])], auth: app.a.basic)
            let browser = TestBrowser(client)
            let signedIn = try await browser.signIn(email: "ADA@example.com", password: "password-1")
            #expect(signedIn.status == 303 && signedIn.location == "/", "\(signedIn)")
            let session = try #require(signedIn.setCookies.first { $0.hasPrefix("langfarm_session=") })
            #expect(session.contains("HttpOnly") && session.contains("SameSite=Lax") && session.contains("Path=/"))
            let home = try await browser.get("/")
            #expect(home.status == 303 && home.location == "/project/project-a/traces")
            let traces = try await browser.get("/project/project-a/traces")
            #expect(traces.status == 200)
            #expect(traces.html.contains("checkout-flow") && traces.html.contains("u-42") && traces.html.contains("beta"))
            #expect(traces.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(traces.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            #expect(traces.headers[.cacheControl] == "no-store")
        }
    }

    @Test func wrongPasswordsAreRefusedThenThrottled() async throws {
        try await TestApp.run { app, client in
            try await app.addUser("ada@example.com", roles: [app.a.id: .owner])
            let browser = TestBrowser(client)
            let unknown = try await browser.signIn(email: "nobody@example.com", password: "password-1")
            #expect(unknown.status == 401 && unknown.html.contains("Wrong email or password."))
            for _ in 0..<5 {
                let wrong = try await browser.signIn(email: "ada@example.com", password: "not-the-password")
                #expect(wrong.status == 401 && !wrong.setCookies.contains { $0.hasPrefix("langfarm_session=") })
            }
            let throttled = try await browser.signIn(email: "ada@example.com", password: "password-1")
            #expect(throttled.status == 429 && throttled.html.contains("Too many failed attempts"), "\(throttled)")
            #expect(browser.cookies["langfarm_session"] == nil)
            #expect(try await browser.get("/project/project-a/traces").status == 303)
        }
    }

    @Test func theSignInFormNeedsItsOwnToken() async throws {
        try await TestApp.run { app, client in
            try await app.addUser("ada@example.com", roles: [app.a.id: .owner])
            let browser = TestBrowser(client)
            let forged = try await browser.post("/auth/sign-in", form: ["email": "ada@example.com", "password": "password-1", "_csrf": "00"])
            #expect(forged.status == 403 && forged.html.contains("expired"))
            #expect(browser.cookies["langfarm_session"] == nil)
        }
    }

    @Test func signingOutNeedsTheCSRFTokenAndEndsTheSessionForGood() async throws {
        try await TestApp.run { app, client in
            try await app.addUser("ada@example.com", roles: [app.a.id: .owner])
            let browser = TestBrowser(client)
            try await browser.signIn(email: "ada@example.com", password: "password-1")
            let oldSession = try #require(browser.cookies["langfarm_session"])
            let page = try await browser.get("/project/project-a/traces")
            let csrf = try #require(page.csrf)
            #expect(try await browser.post("/auth/sign-out", form: [:]).status == 403)
            #expect(try await browser.post("/auth/sign-out", form: ["_csrf": String(repeating: "0", count: csrf.count)]).status == 403)
            #expect(try await browser.get("/project/project-a/traces").status == 200, "a refused sign-out changes nothing")
            let signedOut = try await browser.post("/auth/sign-out", form: ["_csrf": csrf])
            #expect(signedOut.status == 303 && signedOut.location == "/auth/sign-in")
            #expect(browser.cookies["langfarm_session"] == nil)
            browser.setCookie("langfarm_session", oldSession)
            let replayed = try await browser.get("/project/project-a/traces")
            #expect(replayed.status == 303 && replayed.location?.hasPrefix("/auth/sign-in") == true, "an ended session is refused")
        }
    }

    @Test func aPasswordChangeEndsTheUsersSessions() async throws {
        try await TestApp.run { app, client in
            let user = try await app.addUser("ada@example.com", roles: [app.a.id: .owner])
            let browser = TestBrowser(client)
            try await browser.signIn(email: "ada@example.com", password: "password-1")
            #expect(try await browser.get("/project/project-a/traces").status == 200)
            _ = try await app.store.setPasswordHash(userId: user.id, "changed")
            #expect(try await browser.get("/project/project-a/traces").status == 303)
        }
    }

    @Test func forgedAndMalformedSessionCookiesSignNobodyIn() async throws {
        try await TestApp.run { app, client in
            try await app.addUser("ada@example.com", roles: [app.a.id: .owner])
            let browser = TestBrowser(client)
            for value in [String(repeating: "a", count: 64), "x", String(repeating: "f", count: 5000), "%00%0d%0a"] {
                browser.setCookie("langfarm_session", value)
                let page = try await browser.get("/project/project-a/traces")
                #expect(page.status == 303, "\(value.prefix(10)): \(page)")
            }
        }
    }

    @Test func anotherProjectsPagesAnswer404() async throws {
        try await TestApp.run { app, client in
            try await app.addUser("ada@example.com", roles: [app.a.id: .viewer])
            _ = try await client.ingest([Events.trace("shared-id", ["name": "a-trace"])], auth: app.a.basic)
            _ = try await client.ingest([Events.trace("shared-id", ["name": "b-secret"]), Events.trace("b-only", ["name": "b-secret"])], auth: app.b.basic)
            let browser = TestBrowser(client)
            try await browser.signIn(email: "ada@example.com", password: "password-1")
            for path in ["/project/project-b/traces", "/project/project-b/traces/b-only", "/project/project-b/traces/shared-id",
                         "/project/project-a/traces/b-only", "/project/no-such-project/traces"] {
                let page = try await browser.get(path)
                #expect(page.status == 404, "\(path): \(page)")
                #expect(page.headers[.contentSecurityPolicy] != nil && page.headers[.cacheControl] == "no-store", "\(path)")
                #expect(!page.html.contains("b-secret"), "\(path)")
            }
            let own = try await browser.get("/project/project-a/traces/shared-id")
            #expect(own.status == 200 && own.html.contains("a-trace") && !own.html.contains("b-secret"))
        }
    }

    @Test func signingInReturnsToTheRequestedPageButNeverOffTheSite() async throws {
        try await TestApp.run { app, client in
            try await app.addUser("ada@example.com", roles: [app.a.id: .owner])
            let browser = TestBrowser(client)
            let away = try await browser.get("/project/project-a/traces?limit=10")
            #expect(away.status == 303 && away.location == "/auth/sign-in?next=%2Fproject%2Fproject-a%2Ftraces%3Flimit%3D10")
            let back = try await browser.signIn(email: "ada@example.com", password: "password-1", next: "/project/project-a/traces?limit=10")
            #expect(back.location == "/project/project-a/traces?limit=10")
            for hostile in ["//evil.example/x", "https://evil.example", "/\\evil.example", "javascript:alert(1)"] {
                let other = TestBrowser(client)
                let page = try await other.signIn(email: "ada@example.com", password: "password-1", next: hostile)
                #expect(page.location == "/", "\(hostile) → \(page.location ?? "nil")")
            }
        }
    }

    @Test func whatClientsSentIsShownAsText() async throws {
        try await TestApp.run { app, client in
            try await app.addUser("ada@example.com", roles: [app.a.id: .owner])
            let hostile = #"<script>alert(1)</script>"#
            _ = try await client.ingest([
                Events.trace("x1", [
                    "name": .string(hostile), "tags": [.string(#"<img src=x onerror=alert(2)>"#)],
                    "input": .string(#"<a href="javascript:alert(3)">click</a>"#), "metadata": [#""><script>alert(4)</script>"#: "v"],
                    "userId": .string(#"" onmouseover="alert(5)"#),
                ]),
                Events.observation("span-create", "o1", traceId: "x1", ["name": .string(hostile), "output": .string(hostile)]),
            ], auth: app.a.basic)
            let browser = TestBrowser(client)
            try await browser.signIn(email: "ada@example.com", password: "password-1")
            for path in ["/project/project-a/traces", "/project/project-a/traces/x1", "/project/project-a/traces/x1?observation=o1"] {
                let page = try await browser.get(path)
                #expect(page.status == 200, "\(path): \(page)")
                #expect(!page.html.contains("<script>alert") && !page.html.contains("<img src=x") && !page.html.contains("<a href=\"javascript"), "\(path)")
                #expect(!page.html.contains("\" onmouseover"), "\(path)")
                #expect(page.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(path)")
            }
        }
    }

    @Test func aTracesTreeAndSelectedObservationAreShown() async throws {
        try await TestApp.run { app, client in
            try await app.addUser("ada@example.com", roles: [app.a.id: .owner])
            _ = try await client.ingest([
                Events.trace("t1", ["name": "agent", "input": ["question": "why?"]]),
                Events.observation("span-create", "root", traceId: "t1", ["name": "plan", "startTime": "2026-03-01T12:00:00.000Z"]),
                Events.observation("generation-create", "gen", traceId: "t1", [
                    "name": "llm-call", "parentObservationId": "root", "model": "gpt-4o", "startTime": "2026-03-01T12:00:00.100Z",
                    "endTime": "2026-03-01T12:00:01.350Z", "usage": ["input": 1200, "output": 30], "output": "because",
                ]),
            ], auth: app.a.basic)
            let browser = TestBrowser(client)
            try await browser.signIn(email: "ada@example.com", password: "password-1")
            let trace = try await browser.get("/project/project-a/traces/t1")
            #expect(trace.status == 200)
            let plan = try #require(trace.html.range(of: "plan"))
            let call = try #require(trace.html.range(of: "llm-call"))
            #expect(plan.lowerBound < call.lowerBound, "parent before child")
            #expect(trace.html.contains("&quot;question&quot;: &quot;why?&quot;"), "the trace's input, indented JSON")
            let selected = try await browser.get("/project/project-a/traces/t1?observation=gen")
            #expect(selected.html.contains("gpt-4o") && selected.html.contains("1.25s") && selected.html.contains("because"))
            #expect(selected.html.contains("input: 1,200"))
        }
    }

    @Test func malformedAndOversizedFormsGetClearErrors() async throws {
        try await TestApp.run { app, client in
            let browser = TestBrowser(client)
            let big = try await browser.post("/auth/sign-in", form: ["email": String(repeating: "a", count: 70_000)])
            #expect(big.status == 413, "\(big)")
            let traces = try await browser.get("/project/project-a/traces?page=-5&limit=abc&searchType=%00")
            #expect(traces.status == 303, "signed out: to sign-in, whatever the parameters")
        }
    }
}

/// The traces table's filter builder, sort and pages, through the URL a form submits.
@Suite struct TraceTablePageTests {
    func seeded(_ app: TestApp, _ client: TestClient) async throws -> TestBrowser {
        try await app.addUser("ada@example.com", roles: [app.a.id: .owner])
        var events: [JSONValue] = []
        for index in 0..<12 {
            events.append(Events.trace("t\(index)", [
                "name": .string("name-\(String(format: "%02d", index))"), "userId": .string(index % 3 == 0 ? "vip" : "user-\(index)"),
                "environment": .string(index % 2 == 0 ? "production" : "staging"), "timestamp": .string("2026-03-01T12:00:\(String(format: "%02d", index)).000Z"),
                "metadata": ["tier": .string(index < 4 ? "gold" : "free")],
            ]))
        }
        _ = try await client.ingest(events, auth: app.a.basic)
        let browser = TestBrowser(client)
        try await browser.signIn(email: "ada@example.com", password: "password-1")
        return browser
    }

    func names(_ page: Page) -> [String] {
        page.html.matches(of: #/<td>(name-\d\d)</td>/#).map { String($0.1) }
    }

    @Test func filterRowsNarrowTheTableAndStayInItsLinks() async throws {
        try await TestApp.run { app, client in
            let browser = try await seeded(app, client)
            let base = "/project/project-a/traces?limit=10"
            let vip = try await browser.get(base + "&column=userId&operator=%3D&value=vip&key=")
            #expect(vip.status == 200)
            #expect(names(vip) == ["name-09", "name-06", "name-03", "name-00"])
            let both = try await browser.get(base + "&column=userId&operator=%3D&value=vip&key=&column=environment&operator=any+of&value=production&key=")
            #expect(names(both) == ["name-06", "name-00"])
            let metadata = try await browser.get(base + "&column=metadata&operator=%3D&value=gold&key=tier&column=&operator=%3D&value=&key=")
            #expect(names(metadata) == ["name-03", "name-02", "name-01", "name-00"])
            #expect(metadata.html.contains("Remove"), "a row can be removed")
            let paged = try await browser.get(base + "&column=environment&operator=any+of&value=staging&key=")
            #expect(names(paged).count == 6)
            #expect(paged.html.contains("Page 1 of 1"))
        }
    }

    @Test func aWrongFilterIsReportedAndListsNothing() async throws {
        try await TestApp.run { app, client in
            let browser = try await seeded(app, client)
            let page = try await browser.get("/project/project-a/traces?column=totalCost&operator=%3E&value=cheap&key=")
            #expect(page.status == 400)
            #expect(page.html.contains("role=\"alert\"") && page.html.contains("expected a number"))
            #expect(names(page).isEmpty)
            let hostile = try await browser.get("/project/project-a/traces?column=name&operator=%3D&value=x%27%20OR%201%3D1--&key=")
            #expect(hostile.status == 200 && names(hostile).isEmpty)
        }
    }

    @Test func headersSortTheTableBothWays() async throws {
        try await TestApp.run { app, client in
            let browser = try await seeded(app, client)
            let newest = try await browser.get("/project/project-a/traces?limit=10")
            #expect(names(newest).first == "name-11")
            let byName = try #require(newest.html.firstMatch(of: #/<a href="([^"]*orderBy=name.desc[^"]*)">Name</a>/#)).1
            let descending = try await browser.get(String(byName).replacingOccurrences(of: "&amp;", with: "&"))
            #expect(names(descending).first == "name-11")
            #expect(descending.html.contains(#"aria-sort="descending"><a href="#))
            let ascending = try await browser.get("/project/project-a/traces?limit=10&orderBy=name.asc")
            #expect(names(ascending).prefix(3) == ["name-00", "name-01", "name-02"])
            #expect(ascending.html.contains(#"<input type="hidden" name="orderBy" value="name.asc">"#))
        }
    }
}

/// The dashboard's cards over the metrics engine.
@Suite struct DashboardPageTests {
    @Test func cardsShowTheProjectsTracesCostsUsersAndLatencies() async throws {
        try await TestApp.run { app, client in
            try await app.addUser("ada@example.com", roles: [app.a.id: .viewer])
            let now = EpochMillis.now
            var events: [JSONValue] = []
            for index in 0..<3 {
                let start = now - 3_600_000 + EpochMillis(index) * 60_000
                events += [
                    Events.trace("t\(index)", [
                        "name": "support-chat", "userId": .string(index == 0 ? "big-spender" : "u\(index)"),
                        "timestamp": .string(ISO8601.format(start)), "environment": .string(index == 2 ? "staging" : "production"),
                    ]),
                    Events.observation("generation-create", "g\(index)", traceId: "t\(index)", [
                        "name": "answer", "model": "gpt-4o", "startTime": .string(ISO8601.format(start)),
                        "endTime": .string(ISO8601.format(start + 1_500)), "environment": .string(index == 2 ? "staging" : "production"),
                        "usage": ["input": .number(index == 0 ? 100_000 : 1_000), "output": 100],
                    ]),
                ]
            }
            _ = try await client.ingest(events, auth: app.a.basic)
            _ = try await client.ingest([Events.trace("other", ["name": "b-only-name", "timestamp": .string(ISO8601.format(now - 60_000))])], auth: app.b.basic)
            let browser = TestBrowser(client)
            try await browser.signIn(email: "ada@example.com", password: "password-1")
            let page = try await browser.get("/project/project-a")
            #expect(page.status == 200, "\(page)")
            #expect(page.html.contains(#"data-testid="trace-count">3<"#))
            let apiCost = try await client.get("/api/public/traces?limit=10", auth: app.a.basic).json["data"]?.arrayValue?
                .compactMap { $0["totalCost"]?.numberValue }.reduce(0, +) ?? 0
            #expect(apiCost > 0)
            #expect(page.html.contains(#"data-testid="total-cost">\#(Format.cost(apiCost))<"#), "the API's total, \(Format.cost(apiCost))")
            #expect(page.html.contains("gpt-4o") && page.html.contains("big-spender") && page.html.contains("support-chat"))
            #expect(page.html.contains("<td>answer</td><td>1.50s</td>"), "p50 latency of the generations")
            #expect(page.html.contains("Generation latency by model") && page.html.contains("<td>gpt-4o</td><td>1.50s</td>"))
            #expect(page.html.contains("<svg class=\"chart\""))
            #expect(!page.html.contains("b-only-name"))
            let staging = try await browser.get("/project/project-a?range=24h&environment=staging")
            #expect(staging.html.contains(#"data-testid="trace-count">1<"#))
            #expect(!staging.html.contains("big-spender"))
            #expect(try await browser.get("/project/project-b").status == 404)
        }
    }
}

/// The sessions table and a session's conversation.
@Suite struct SessionPagesTests {
    @Test func sessionsListTheirTotalsAndReplayTheirTraces() async throws {
        try await TestApp.run { app, client in
            try await app.addUser("ada@example.com", roles: [app.a.id: .member])
            var events: [JSONValue] = []
            for (index, question) in ["Hi, my order is late", "It is order 42"].enumerated() {
                events += [
                    Events.trace("s-t\(index)", [
                        "name": "chat-turn", "sessionId": "conv-1", "userId": .string("u\(index)"),
                        "timestamp": .string("2026-03-01T12:0\(index):00.000Z"),
                        "input": [["role": "user", "content": .string(question)]], "output": ["role": "assistant", "content": .string("Answer \(index)")],
                    ]),
                    Events.observation("generation-create", "s-g\(index)", traceId: "s-t\(index)", [
                        "model": "gpt-4o", "usage": ["input": 1000, "output": 10], "startTime": .string("2026-03-01T12:0\(index):00.000Z"),
                    ]),
                ]
            }
            events.append(Events.trace("lonely", ["sessionId": "conv-2", "timestamp": "2026-03-01T13:00:00.000Z"]))
            _ = try await client.ingest(events, auth: app.a.basic)
            _ = try await client.ingest([Events.trace("b1", ["sessionId": "b-session"])], auth: app.b.basic)
            let browser = TestBrowser(client)
            try await browser.signIn(email: "ada@example.com", password: "password-1")
            let list = try await browser.get("/project/project-a/sessions")
            #expect(list.status == 200)
            #expect(list.html.contains("2 sessions") && !list.html.contains("b-session"))
            let row = try #require(list.html.firstMatch(of: #/conv-1</a>.*?</tr>/#.dotMatchesNewlines()))
            #expect(String(row.0).contains("1m 0s") && String(row.0).contains(">2<"), "duration and users: \(row.0)")
            let apiCost = try await client.get("/api/public/traces?sessionId=conv-1", auth: app.a.basic).json["data"]?.arrayValue?
                .compactMap { $0["totalCost"]?.numberValue }.reduce(0, +) ?? 0
            #expect(apiCost > 0 && String(row.0).contains(Format.cost(apiCost)))

            let session = try await browser.get("/project/project-a/sessions/conv-1")
            #expect(session.status == 200)
            let first = try #require(session.html.range(of: "Hi, my order is late"))
            let second = try #require(session.html.range(of: "It is order 42"))
            #expect(first.lowerBound < second.lowerBound, "in order")
            #expect(session.html.contains(#"<span class="role">assistant</span><pre>Answer 1</pre>"#), "chat messages as text")
            #expect(try await browser.get("/project/project-a/sessions/b-session").status == 404)
            #expect(try await browser.get("/project/project-b/sessions").status == 404)
        }
    }
}

/// The users table and a user's page.
@Suite struct UserPagesTests {
    @Test func usersAreListedByTracesWithTheirTotals() async throws {
        try await TestApp.run { app, client in
            try await app.addUser("ada@example.com", roles: [app.a.id: .member])
            let now = EpochMillis.now
            var events: [JSONValue] = []
            for index in 0..<3 {
                let time = ISO8601.format(now - 600_000 + EpochMillis(index) * 1000)
                events += [
                    Events.trace("u-t\(index)", ["userId": .string(index < 2 ? "heavy user/é" : "light"), "timestamp": .string(time), "name": "ask"]),
                    Events.observation("generation-create", "u-g\(index)", traceId: "u-t\(index)", [
                        "model": "gpt-4o", "usage": ["input": 1000, "output": 10], "startTime": .string(time),
                    ]),
                ]
            }
            _ = try await client.ingest(events, auth: app.a.basic)
            _ = try await client.ingest([Events.trace("b1", ["userId": "b-user", "timestamp": .string(ISO8601.format(now - 1000))])], auth: app.b.basic)
            let browser = TestBrowser(client)
            try await browser.signIn(email: "ada@example.com", password: "password-1")
            let list = try await browser.get("/project/project-a/users")
            #expect(list.status == 200)
            let heavy = try #require(list.html.range(of: "heavy user/é"))
            let light = try #require(list.html.range(of: ">light<"))
            #expect(heavy.lowerBound < light.lowerBound, "most traces first")
            #expect(!list.html.contains("b-user"))
            let href = "/project/project-a/users/heavy%20user%2F%C3%A9"
            #expect(list.html.contains(href))
            let user = try await browser.get(href)
            #expect(user.status == 200, "\(user)")
            #expect(user.html.contains("<dt>Traces (all time)</dt><dd>2</dd>"))
            #expect(user.html.contains("column=userId") && user.html.contains("u-t1") && !user.html.contains("u-t2"))
            #expect(try await browser.get("/project/project-a/users/b-user").status == 404)
        }
    }
}

/// The observations table: generations first, filters, types.
@Suite struct ObservationsPageTests {
    @Test func generationsAreListedWithModelTokensCostAndTimeToFirstToken() async throws {
        try await TestApp.run { app, client in
            try await app.addUser("ada@example.com", roles: [app.a.id: .member])
            _ = try await client.ingest([
                Events.trace("o-t", ["name": "parent-trace", "userId": "u-7"]),
                Events.observation("generation-create", "o-g1", traceId: "o-t", [
                    "name": "draft", "model": "gpt-4o", "startTime": "2026-03-01T12:00:00.000Z", "completionStartTime": "2026-03-01T12:00:00.250Z",
                    "endTime": "2026-03-01T12:00:02.000Z", "usage": ["input": 1200, "output": 30],
                ]),
                Events.observation("generation-create", "o-g2", traceId: "o-t", ["name": "polish", "model": "gpt-4o-mini", "startTime": "2026-03-01T12:00:03.000Z"]),
                Events.observation("span-create", "o-s", traceId: "o-t", ["name": "retrieve", "startTime": "2026-03-01T12:00:00.000Z"]),
            ], auth: app.a.basic)
            _ = try await client.ingest([Events.observation("generation-create", "b-g", traceId: "b-t", ["name": "b-secret-gen"])], auth: app.b.basic)
            let browser = TestBrowser(client)
            try await browser.signIn(email: "ada@example.com", password: "password-1")
            let page = try await browser.get("/project/project-a/observations")
            #expect(page.status == 200)
            #expect(page.html.contains("2 observations") && !page.html.contains("retrieve") && !page.html.contains("b-secret-gen"))
            #expect(page.html.contains(#/<td>draft</td><td>gpt-4o</td>\s*<td>parent-trace</td><td class="number">2.00s</td><td class="number">250ms</td>/#))
            #expect(page.html.contains("1,200 → 30 (Σ 1,230)"))
            let spans = try await browser.get("/project/project-a/observations?type=SPAN")
            #expect(spans.html.contains("retrieve") && !spans.html.contains("draft"))
            let filtered = try await browser.get("/project/project-a/observations?type=GENERATION&column=model&operator=%3D&value=gpt-4o-mini&key=")
            #expect(filtered.html.contains("polish") && !filtered.html.contains("<td>draft</td>"))
            let wrong = try await browser.get("/project/project-a/observations?column=latency&operator=%3E&value=slow&key=")
            #expect(wrong.status == 400 && wrong.html.contains("expected a number"))
        }
    }
}

/// Settings: API keys, members and roles, model prices; every change needs the role and the
/// CSRF token, and stays inside the project.
@Suite struct SettingsPageTests {
    func csrf(_ browser: TestBrowser) async throws -> String {
        try #require(try await browser.get("/project/project-a/settings").csrf)
    }

    @Test func aKeyCreatedInTheUIWorksShowsItsSecretOnceAndCanBeRevoked() async throws {
        try await TestApp.run { app, client in
            try await app.addUser("ada@example.com", roles: [app.a.id: .owner])
            let browser = TestBrowser(client)
            try await browser.signIn(email: "ada@example.com", password: "password-1")
            let token = try await csrf(browser)
            let created = try await browser.post("/project/project-a/settings/keys", form: ["_csrf": token, "name": "ci"])
            #expect(created.status == 200)
            let publicKey = try #require(created.html.firstMatch(of: #/data-testid="new-public-key">(pk-lf-[^<]+)</#)).1
            let secretKey = try #require(created.html.firstMatch(of: #/data-testid="new-secret-key">(sk-lf-[^<]+)</#)).1
            let auth = TestApp.basic("\(publicKey):\(secretKey)")
            #expect(try await client.get("/api/public/traces", auth: auth).status == 200)
            let later = try await browser.get("/project/project-a/settings")
            #expect(later.html.contains(String(publicKey)) && !later.html.contains(String(secretKey)), "the secret is shown once")
            let revoked = try await browser.post("/project/project-a/settings/keys/revoke", form: ["_csrf": token, "publicKey": String(publicKey)])
            #expect(revoked.status == 303)
            #expect(try await app.store.apiKey(publicKey: String(publicKey)) == nil)
        }
    }

    @Test func changesNeedTheRoleTheTokenAndTheProject() async throws {
        try await TestApp.run { app, client in
            try await app.addUser("viewer@example.com", roles: [app.a.id: .viewer])
            try await app.addUser("ada@example.com", roles: [app.a.id: .owner])
            let viewer = TestBrowser(client)
            try await viewer.signIn(email: "viewer@example.com", password: "password-1")
            let page = try await viewer.get("/project/project-a/settings")
            #expect(page.status == 200 && !page.html.contains("Create API key") && !page.html.contains("Revoke"))
            let keysBefore = try await app.store.apiKeys().count
            let refused = try await viewer.post("/project/project-a/settings/keys", form: ["_csrf": try #require(page.csrf)])
            #expect(refused.status == 403 && refused.html.contains("cannot change"))
            #expect(try await app.store.apiKeys().count == keysBefore)

            let owner = TestBrowser(client)
            try await owner.signIn(email: "ada@example.com", password: "password-1")
            #expect(try await owner.post("/project/project-a/settings/keys", form: ["name": "x"]).status == 403, "no CSRF token")
            let token = try await csrf(owner)
            let foreign = try await owner.post("/project/project-a/settings/keys/revoke", form: ["_csrf": token, "publicKey": app.b.publicKey])
            #expect(foreign.status == 404)
            #expect(try await client.get("/api/public/traces", auth: app.b.basic).status == 200, "another project's key is untouched")
            #expect(try await owner.post("/project/project-b/settings/keys", form: ["_csrf": token]).status == 404)
            #expect(try await app.store.apiKeys().count == keysBefore)
        }
    }

    @Test func ownersManageMembersAndKeepAnOwner() async throws {
        try await TestApp.run { app, client in
            let ada = try await app.addUser("ada@example.com", roles: [app.a.id: .owner])
            let bob = try await app.addUser("bob@example.com", roles: [app.b.id: .owner])
            let browser = TestBrowser(client)
            try await browser.signIn(email: "ada@example.com", password: "password-1")
            let token = try await csrf(browser)
            let added = try await browser.post("/project/project-a/settings/members", form: ["_csrf": token, "email": "BOB@example.com", "role": "VIEWER"])
            #expect(added.status == 303)
            #expect(try await app.store.memberships(userId: bob.id).contains(Membership(projectId: app.a.id, userId: bob.id, role: .viewer)))
            let demote = try await browser.post("/project/project-a/settings/members", form: ["_csrf": token, "userId": ada.id, "role": "MEMBER"])
            #expect(demote.status == 409 && demote.html.contains("at least one owner"))
            let remove = try await browser.post("/project/project-a/settings/members/remove", form: ["_csrf": token, "userId": ada.id])
            #expect(remove.status == 409)
            #expect(try await browser.post("/project/project-a/settings/members/remove", form: ["_csrf": token, "userId": bob.id]).status == 303)
            #expect(try await app.store.memberships(userId: bob.id).map(\.projectId) == [app.b.id])
            let unknown = try await browser.post("/project/project-a/settings/members", form: ["_csrf": token, "email": "nobody@example.com", "role": "OWNER"])
            #expect(unknown.status == 400)
        }
    }

    @Test func projectModelPricesAreAddedCheckedAndDeleted() async throws {
        try await TestApp.run { app, client in
            try await app.addUser("ada@example.com", roles: [app.a.id: .member])
            let browser = TestBrowser(client)
            try await browser.signIn(email: "ada@example.com", password: "password-1")
            let token = try await csrf(browser)
            let bad = try await browser.post("/project/project-a/settings/models", form: [
                "_csrf": token, "modelName": "mine", "matchPattern": "(?i)^mine$", "inputPrice": "free",
            ])
            #expect(bad.status == 400 && bad.html.contains("not a price"))
            let ok = try await browser.post("/project/project-a/settings/models", form: [
                "_csrf": token, "modelName": "mine", "matchPattern": "(?i)^mine$", "inputPrice": "0.000002", "outputPrice": "0.000004",
            ])
            #expect(ok.status == 303)
            let models = try await app.store.models(projectId: app.a.id, page: 1, limit: 1000).models
            let mine = try #require(models.first { $0.modelName == "mine" })
            #expect(mine.projectId == app.a.id)
            #expect(try await app.store.models(projectId: app.b.id, page: 1, limit: 1000).models.allSatisfy { $0.modelName != "mine" })
            #expect(try await browser.get("/project/project-a/settings").html.contains("Delete mine"))
            #expect(try await browser.post("/project/project-a/settings/models/delete", form: ["_csrf": token, "modelId": mine.id]).status == 303)
            #expect(try await app.store.model(projectId: app.a.id, id: mine.id) == nil)
        }
    }
}

/// Downloads of the traces table's view.
@Suite struct ExportTests {
    @Test func theFilteredViewDownloadsAsCSVAndJSONLines() async throws {
        try await TestApp.run { app, client in
            try await app.addUser("ada@example.com", roles: [app.a.id: .viewer])
            var events: [JSONValue] = (0..<3).map { index in
                Events.trace("e\(index)", ["name": .string("export-\(index)"), "userId": .string(index == 1 ? "other" : "keep"),
                                           "timestamp": .string("2026-03-01T12:00:0\(index).000Z"), "input": .string("say \"hi\", then\nbye")])
            }
            events.append(Events.trace("formula", ["name": "=HYPERLINK(\"http://evil\")", "userId": "keep", "timestamp": "2026-03-01T11:00:00.000Z"]))
            _ = try await client.ingest(events, auth: app.a.basic)
            _ = try await client.ingest([Events.trace("b1", ["name": "b-secret", "userId": "keep"])], auth: app.b.basic)
            let browser = TestBrowser(client)
            try await browser.signIn(email: "ada@example.com", password: "password-1")
            let page = try await browser.get("/project/project-a/traces?column=userId&operator=%3D&value=keep&key=")
            let csvHref = try #require(page.html.firstMatch(of: #/<a href="([^"]+)">CSV</a>/#)).1.replacingOccurrences(of: "&amp;", with: "&")
            let csv = try await browser.get(csvHref)
            #expect(csv.status == 200 && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.headers[.contentDisposition]?.contains("attachment") == true)
            let lines = csv.html.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.first?.hasPrefix("id,timestamp,name") == true)
            #expect(csv.html.contains("e2,") && csv.html.contains("e0,") && !csv.html.contains("e1,") && !csv.html.contains("b-secret"))
            #expect(csv.html.contains(#""""say \""hi\"", then\nbye""""#), "quoted, with the JSON text of the input")
            #expect(csv.html.contains(#""'=HYPERLINK(""http://evil"")""#), "a formula is defused")
            let jsonl = try await browser.get(csvHref.replacingOccurrences(of: "format=csv", with: "format=jsonl"))
            let objects = jsonl.html.split(separator: "\n").map { try? JSONValue.parse(Data($0.utf8)) }
            #expect(objects.count == 3 && objects.allSatisfy { $0?["userId"]?.stringValue == "keep" })
            #expect(try await browser.get("/project/project-b/traces-export?format=csv").status == 404)
            let wrong = try await browser.get("/project/project-a/traces-export?format=csv&column=totalCost&operator=%3E&value=x&key=")
            #expect(wrong.status == 400)
        }
    }
}

/// Deleting a trace from its page.
@Suite struct TraceDeletionPageTests {
    @Test func membersDeleteTracesViewersCannot() async throws {
        try await TestApp.run { app, client in
            try await app.addUser("viewer@example.com", roles: [app.a.id: .viewer])
            try await app.addUser("ada@example.com", roles: [app.a.id: .member])
            _ = try await client.ingest([Events.trace("doomed", ["name": "doomed"]), Events.observation("span-create", "d-s", traceId: "doomed")], auth: app.a.basic)
            _ = try await client.ingest([Events.trace("doomed", ["name": "b-keeps-it"])], auth: app.b.basic)
            let viewer = TestBrowser(client)
            try await viewer.signIn(email: "viewer@example.com", password: "password-1")
            let page = try await viewer.get("/project/project-a/traces/doomed")
            #expect(!page.html.contains("Delete trace"))
            #expect(try await viewer.post("/project/project-a/traces/doomed/delete", form: ["_csrf": try #require(page.csrf)]).status == 403)
            let member = TestBrowser(client)
            try await member.signIn(email: "ada@example.com", password: "password-1")
            let token = try #require(try await member.get("/project/project-a/traces/doomed").csrf)
            #expect(try await member.post("/project/project-a/traces/doomed/delete", form: [:]).status == 403, "no CSRF token")
            let deleted = try await member.post("/project/project-a/traces/doomed/delete", form: ["_csrf": token])
            #expect(deleted.status == 303 && deleted.location == "/project/project-a/traces")
            #expect(try await client.trace("doomed", auth: app.a.basic).status == 404)
            #expect(try await client.observation("d-s", auth: app.a.basic).status == 404)
            #expect(try await client.trace("doomed", auth: app.b.basic).status == 200, "another project's trace of the same id stays")
            #expect(try await member.post("/project/project-b/traces/doomed/delete", form: ["_csrf": token]).status == 404)
        }
    }
}

/// Large bodies do not make large pages.
@Suite struct LargeBodyTests {
    @Test func aLargeInputIsCutWithALinkToAllOfIt() async throws {
        try await TestApp.run { app, client in
            try await app.addUser("ada@example.com", roles: [app.a.id: .viewer])
            let big = String(repeating: "é word ", count: 40_000) + "THE-END"
            _ = try await client.ingest([Events.trace("big", ["name": "big", "input": .string(big), "output": "small"])], auth: app.a.basic)
            let browser = TestBrowser(client)
            try await browser.signIn(email: "ada@example.com", password: "password-1")
            let page = try await browser.get("/project/project-a/traces/big")
            #expect(page.status == 200)
            #expect(page.html.utf8.count < 150_000, "\(page.html.utf8.count) bytes")
            #expect(page.html.contains("Showing the first 100 KB of 320 KB.") && !page.html.contains("THE-END"))
            #expect(page.html.contains(#"<a href="/project/project-a/traces/big?full=1">Show all</a>"#))
            #expect(page.html.contains("small"), "the output is shown whole")
            let full = try await browser.get("/project/project-a/traces/big?full=1")
            #expect(full.html.contains("THE-END") && !full.html.contains("Showing the first"))
        }
    }
}

/// A trace's download is what the API answers for it.
@Suite struct TraceDownloadTests {
    @Test func theDownloadIsTheAPIsTraceDocument() async throws {
        try await TestApp.run { app, client in
            try await app.addUser("ada@example.com", roles: [app.a.id: .viewer])
            _ = try await client.ingest([
                Events.trace("dl", ["name": "download-me"]), Events.observation("span-create", "dl-s", traceId: "dl"), Events.score("dl-sc", traceId: "dl"),
            ], auth: app.a.basic)
            _ = try await client.ingest([Events.trace("b-dl", ["name": "b"])], auth: app.b.basic)
            let browser = TestBrowser(client)
            try await browser.signIn(email: "ada@example.com", password: "password-1")
            #expect(try await browser.get("/project/project-a/traces/dl").html.contains("/project/project-a/traces/dl/download"))
            let file = try await browser.get("/project/project-a/traces/dl/download")
            #expect(file.status == 200 && file.headers[.contentDisposition]?.contains("trace-dl.json") == true)
            let api = try await client.trace("dl", auth: app.a.basic)
            #expect(try JSONValue.parse(Data(file.html.utf8)) == api.json)
            #expect(try await browser.get("/project/project-a/traces/b-dl/download").status == 404)
        }
    }
}
