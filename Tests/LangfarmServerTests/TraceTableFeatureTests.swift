import Foundation
import LangfarmCore
import LangfarmStore
import Testing

@testable import LangfarmServer
@testable import LangfarmWeb

/// The traces table's columns, score columns, peek panel, live mode and saved views, and the
/// users table's first and last events.
@Suite struct TraceTableFeatureTests {
    private static func signedIn(_ app: TestApp, _ client: TestClient, role: ProjectRole = .member) async throws -> TestBrowser {
        try await app.addUser("ada@example.com", roles: [app.a.id: role])
        let browser = TestBrowser(client)
        try await browser.signIn(email: "ada@example.com", password: "password-1")
        return browser
    }

    /// The table's header labels, in order.
    private static func headers(_ page: Page) -> [String] {
        let head = String(page.html[page.html.range(of: "<thead>")!.lowerBound..<page.html.range(of: "</thead>")!.upperBound])
        return head.matches(of: #/<th aria-sort="[a-z]+">(?:<a href="[^"]*">)?([^<]+)/#).map { String($0.1) }
    }

    @Test func columnsCanBeChosenAndScoresGetOneColumnPerName() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([
                Events.trace("t1", ["name": "chat", "release": "r-42", "metadata": ["plan": "pro"]]),
                Events.score("s1", traceId: "t1", name: "quality", value: 0.5),
                Events.score("s2", traceId: "t1", name: "quality", value: 1),
                Events.envelope("score-create", id: "env-s3", body: [
                    "id": "s3", "traceId": "t1", "name": "<b>tone</b>", "value": "friendly", "dataType": "CATEGORICAL",
                ]),
                Events.trace("t2", ["name": "other"]),
            ], auth: app.a.basic)
            _ = try await client.ingest([Events.trace("b1"), Events.score("b-s", traceId: "b1", name: "b-only-score")], auth: app.b.basic)
            let browser = try await Self.signedIn(app, client)
            let page = try await browser.get("/project/project-a/traces")
            #expect(Self.headers(page) == [
                "Timestamp", "Name", "Input", "Output", "Levels", "Latency", "Tokens", "Cost", "Environment", "Tags", "Metadata",
                "User", "Session", "&lt;b&gt;tone&lt;/b&gt;", "quality",
            ])
            #expect(page.html.contains("<td class=\"number\">0.75</td>"), "the mean of a trace's scores of one name")
            #expect(page.html.contains("<td class=\"number\">friendly</td>"))
            #expect(page.html.contains(#"{&quot;plan&quot;:&quot;pro&quot;}"#))
            #expect(!page.html.contains("b-only-score") && !page.html.contains("r-42"))
            #expect(page.html.contains(#"<input type="checkbox" name="columns" value="release">"#))

            let chosen = try await browser.get("/project/project-a/traces?columns=name&columns=release&columns=bogus")
            #expect(Self.headers(chosen) == ["Name", "Release"])
            #expect(chosen.html.contains("r-42") && !chosen.html.contains("quality"))
            #expect(chosen.html.contains(#"<input type="checkbox" name="columns" value="release" checked>"#))
            #expect(chosen.html.contains("orderBy=name.desc&amp;columns=name&amp;columns=release"), "sorting keeps the columns")
        }
    }

    @Test func peekShowsATraceBesideTheTableOnlyFromTheProject() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([
                Events.trace("t1", ["name": "first", "input": "<script>alert(1)</script> question", "output": "the answer", "userId": "u-9"]),
                Events.trace("t2", ["name": "second"]),
            ], auth: app.a.basic)
            _ = try await client.ingest([Events.trace("b1", ["name": "b-secret"])], auth: app.b.basic)
            let browser = try await Self.signedIn(app, client)
            let table = try await browser.get("/project/project-a/traces?limit=20")
            #expect(table.html.contains(#"<a class="peek" href="/project/project-a/traces?page=1&amp;limit=20&amp;peek=t1">Peek</a>"#))
            let peek = try await browser.get("/project/project-a/traces?page=1&limit=20&peek=t1")
            #expect(peek.html.contains(#"<aside class="peek-panel" aria-label="Peek">"#))
            #expect(peek.html.contains("&lt;script&gt;alert(1)&lt;/script&gt; question") && peek.html.contains("the answer") && peek.html.contains("u-9"))
            #expect(peek.html.contains(#"<a href="/project/project-a/traces?page=1&amp;limit=20">Close</a>"#))
            #expect(peek.html.contains("second"), "the table stays")
            let foreign = try await browser.get("/project/project-a/traces?peek=b1")
            #expect(foreign.status == 200 && !foreign.html.contains("peek-panel") && !foreign.html.contains("b-secret"))
        }
    }

    @Test func liveModeMarksTheTableForTheScriptAndStaysInTheURL() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([Events.trace("t1", ["name": "chat"])], auth: app.a.basic)
            let browser = try await Self.signedIn(app, client)
            #expect(!(try await browser.get("/project/project-a/traces").html.contains("data-live")))
            let live = try await browser.get("/project/project-a/traces?live=1")
            #expect(live.html.contains(#"<table class="traces" data-live="5">"#))
            #expect(live.html.contains(#"name="live" value="1" checked"#))
            #expect(live.html.contains("orderBy=name.desc&amp;live=1"), "sorting keeps live mode")
            let script = try await browser.get("/static/app.js")
            #expect(script.html.contains("table.traces[data-live]") && script.html.contains("DOMParser"))
        }
    }

    @Test func savedViewsAreSharedWithinTheProjectAndOnlyMembersChangeThem() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([Events.trace("t1", ["name": "chat", "userId": "vip"]), Events.trace("t2", ["name": "other"])], auth: app.a.basic)
            let browser = try await Self.signedIn(app, client)
            let page = try await browser.get("/project/project-a/traces?column=userId&operator=%3D&value=vip&limit=20&page=3")
            let token = try #require(page.csrf)
            let query = try #require(page.html.firstMatch(of: #/name="query" value="([^"]*)"/#)).1.replacingOccurrences(of: "&amp;", with: "&")
            let saved = try await browser.post("/project/project-a/saved-views", form: ["_csrf": token, "name": "<i>VIP</i> traces", "query": query])
            #expect(saved.status == 303)
            let location = try #require(saved.location)
            #expect(location.hasPrefix("/project/project-a/traces?") && location.contains("value=vip") && !location.contains("page=3"))
            let listed = try await browser.get("/project/project-a/traces")
            #expect(listed.html.contains("&lt;i&gt;VIP&lt;/i&gt; traces") && !listed.html.contains("<i>VIP</i>"))
            let viewHref = try #require(listed.html.firstMatch(of: #/<span class="saved-view"><a href="([^"]*)">/#)).1.replacingOccurrences(of: "&amp;", with: "&")
            let opened = try await browser.get(String(viewHref))
            #expect(opened.html.contains("1 trace ·"), "the saved view filters as it did")

            #expect(try await browser.post("/project/project-a/saved-views", form: ["_csrf": token, "name": "  ", "query": ""]).status == 400)
            #expect(try await browser.post("/project/project-a/saved-views", form: ["name": "x", "query": ""]).status == 403, "no CSRF token")
            #expect(try await browser.post("/project/project-b/saved-views", form: ["_csrf": token, "name": "x", "query": ""]).status == 404)
            #expect(try await app.store.savedViews(projectId: app.b.id).isEmpty)

            try await app.addUser("viewer@example.com", roles: [app.a.id: .viewer])
            let viewer = TestBrowser(client)
            try await viewer.signIn(email: "viewer@example.com", password: "password-1")
            let viewerPage = try await viewer.get("/project/project-a/traces")
            #expect(viewerPage.html.contains("VIP") && !viewerPage.html.contains("Save view") && !viewerPage.html.contains("Delete view"))
            let viewId = try #require(try await app.store.savedViews(projectId: app.a.id).first?.id)
            #expect(try await viewer.post("/project/project-a/saved-views/\(viewId)/delete", form: ["_csrf": try #require(viewerPage.csrf)]).status == 403)
            #expect(try await browser.post("/project/project-b/saved-views/\(viewId)/delete", form: ["_csrf": token]).status == 404)
            #expect(try await browser.post("/project/project-a/saved-views/\(viewId)/delete", form: ["_csrf": token]).status == 303)
            #expect(try await app.store.savedViews(projectId: app.a.id).isEmpty)
        }
    }

    /// A project whose traces name no user lists none, rather than failing on an empty user list.
    @Test func aProjectWithoutUsersListsNone() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([Events.trace("t1", ["name": "anonymous"])], auth: app.a.basic)
            let browser = try await Self.signedIn(app, client)
            let list = try await browser.get("/project/project-a/users")
            #expect(list.status == 200 && list.html.contains("No traces with a userId in this time range."), "\(list)")
        }
    }

    /// The traces here have no observations: users are listed and counted all the same.
    @Test func theUsersTableShowsEachUsersFirstAndLastEvent() async throws {
        try await TestApp.run { app, client in
            let now = EpochMillis.now
            let times = [now - 5_000_000, now - 600_000, now - 60_000].map(ISO8601.format)
            let reply = try await client.ingest(times.enumerated().map { index, time in
                Events.trace("t\(index)", ["userId": "u-1", "timestamp": .string(time)])
            }, auth: app.a.basic)
            #expect(reply.json.ids("successes").count == 3, "\(reply)")
            _ = try await client.ingest([Events.trace("b", ["userId": "u-1", "timestamp": .string(ISO8601.format(now - 1_000))])], auth: app.b.basic)
            let browser = try await Self.signedIn(app, client)
            let list = try await browser.get("/project/project-a/users")
            let first = Format.time(now - 5_000_000), last = Format.time(now - 60_000)
            #expect(list.html.contains("<td class=\"nowrap\">\(first)</td><td class=\"nowrap\">\(last)</td>"), "\(list.html)")
            let user = try await browser.get("/project/project-a/users/u-1")
            #expect(user.html.contains("<dt>First trace</dt><dd>\(first)</dd>") && user.html.contains("<dt>Last trace</dt><dd>\(last)</dd>"))
            #expect(user.html.contains("<dt>Traces</dt><dd>3</dd>"), "traces without observations count")
        }
    }
}

/// A search that matches more traces than the table counts says so and still pages on.
@Suite struct SearchCountLimitTests {
    @Test func aCommonSearchSaysMoreThanTheLimitAndPagesOn() async throws {
        try await TestApp.run { app, client in
            try await app.addUser("ada@example.com", roles: [app.a.id: .viewer])
            let count = 5_010  // TracesPage.searchCountLimit + 10
            for start in stride(from: 0, to: count, by: 500) {
                _ = try await client.ingest((start..<min(start + 500, count)).map { index in
                    Events.trace(String(format: "common-%05d", index), ["timestamp": .string(ISO8601.format(1_780_000_000_000 + EpochMillis(index) * 1000))])
                }, auth: app.a.basic)
            }
            let browser = TestBrowser(client)
            try await browser.signIn(email: "ada@example.com", password: "password-1")
            let first = try await browser.get("/project/project-a/traces?search=common&searchType=id")
            #expect(first.html.contains("More than 5,000 traces") && first.html.contains("Page 1 of many"))
            #expect(first.html.contains(#"rel="next""#) && first.html.contains("common-05009"))
            let last = try await browser.get("/project/project-a/traces?search=common&searchType=id&page=101")
            #expect(last.html.contains("common-00009") && !last.html.contains("common-00010") && !last.html.contains(#"rel="next""#))
            let exact = try await browser.get("/project/project-a/traces?search=common-0500&searchType=id")
            #expect(exact.html.contains("10 traces") && exact.html.contains("Page 1 of 1"))
        }
    }
}
