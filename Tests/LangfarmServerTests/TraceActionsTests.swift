import Foundation
import LangfarmCore
import Testing

@testable import LangfarmServer
@testable import LangfarmWeb

/// The trace page's bookmark, publish and tag actions (TraceActions): what they store, that
/// later SDK events and a rebuild keep them, who may use them, and the public link.
@Suite struct TraceActionsTests {
    /// A member signed in on a trace page, with the page's CSRF token.
    private static func member(_ app: TestApp, _ client: TestClient, role: ProjectRole = .member) async throws -> (TestBrowser, String) {
        try await app.addUser("ada@example.com", roles: [app.a.id: role])
        let browser = TestBrowser(client)
        try await browser.signIn(email: "ada@example.com", password: "password-1")
        return (browser, try #require(try await browser.get("/project/project-a/traces/t1").csrf))
    }

    private static func apiTrace(_ client: TestClient, _ app: TestApp) async throws -> JSONValue {
        let reply = try await client.trace("t1", auth: app.a.basic)
        #expect(reply.status == 200, "\(reply)")
        return reply.json
    }

    @Test func aBookmarkSurvivesLaterSDKEventsAndARebuild() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([Events.trace("t1", ["name": "chat"])], auth: app.a.basic)
            let (browser, token) = try await Self.member(app, client)
            let answer = try await browser.post("/project/project-a/traces/t1/bookmark", form: ["_csrf": token, "bookmarked": "true"])
            #expect(answer.status == 303 && answer.location == "/project/project-a/traces/t1")
            #expect(try await Self.apiTrace(client, app)["bookmarked"] == .bool(true))
            #expect(try await browser.get("/project/project-a/traces/t1").html.contains("Remove bookmark"))
            #expect(try await browser.get("/project/project-a/traces").html.contains(#"aria-label="Bookmarked""#))

            // Every SDK trace event sends `bookmarked: false`; one stamped far in the future still
            // does not undo what the UI chose.
            _ = try await client.ingest([
                Events.envelope("trace-create", id: "later", body: ["id": "t1", "name": "renamed"], timestamp: "2030-01-01T00:00:00.000Z"),
            ], auth: app.a.basic)
            var trace = try await Self.apiTrace(client, app)
            #expect(trace["bookmarked"] == .bool(true) && trace["name"] == "renamed")
            _ = try await app.store.rebuild()
            trace = try await Self.apiTrace(client, app)
            #expect(trace["bookmarked"] == .bool(true) && trace["name"] == "renamed")

            #expect(try await browser.post("/project/project-a/traces/t1/bookmark", form: ["_csrf": token, "bookmarked": "false"]).status == 303)
            #expect(try await Self.apiTrace(client, app)["bookmarked"] == .bool(false))
        }
    }

    @Test func tagsAreReplacedAsEditedAndARemovedTagStaysRemoved() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([Events.trace("t1", ["tags": ["sdk", "old"]])], auth: app.a.basic)
            let (browser, token) = try await Self.member(app, client)
            let answer = try await browser.post("/project/project-a/traces/t1/tags", form: ["_csrf": token, "tags": "sdk\n  reviewed \n\nreviewed\nneeds <b>work</b>"])
            #expect(answer.status == 303)
            #expect(try await Self.apiTrace(client, app)["tags"] == ["needs <b>work</b>", "reviewed", "sdk"])
            // The SDK adds a tag and sends the removed one again: the new one joins, the removed one stays out.
            _ = try await client.ingest([
                Events.envelope("trace-create", id: "later", body: ["id": "t1", "tags": ["old", "new"]], timestamp: "2030-01-01T00:00:00.000Z"),
            ], auth: app.a.basic)
            #expect(try await Self.apiTrace(client, app)["tags"] == ["needs <b>work</b>", "new", "reviewed", "sdk"])
            _ = try await app.store.rebuild()
            #expect(try await Self.apiTrace(client, app)["tags"] == ["needs <b>work</b>", "new", "reviewed", "sdk"])
            // The tag filter reads the edited tags.
            let filtered = try await client.get("/api/public/traces?tags=reviewed", auth: app.a.basic)
            #expect(filtered.json["data"]?.arrayValue?.count == 1)
            let page = try await browser.get("/project/project-a/traces/t1")
            #expect(page.html.contains("needs &lt;b&gt;work&lt;/b&gt;") && !page.html.contains("<b>work</b>"))
        }
    }

    @Test func badTagListsAreRefusedAndChangeNothing() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([Events.trace("t1", ["tags": ["kept"]])], auth: app.a.basic)
            let (browser, token) = try await Self.member(app, client)
            let tooMany = (0...EditedTags.maxCount).map { "tag-\($0)" }.joined(separator: "\n")
            let cases = [tooMany, String(repeating: "x", count: 201), "bell\u{7}", String(repeating: "a\n", count: 40_000)]
            for tags in cases {
                let answer = try await browser.post("/project/project-a/traces/t1/tags", form: ["_csrf": token, "tags": tags])
                #expect([400, 413].contains(answer.status), "\(answer.status)")
            }
            for form in [["_csrf": token, "bookmarked": "yes"], ["_csrf": token]] {
                #expect(try await browser.post("/project/project-a/traces/t1/bookmark", form: form).status == 400)
            }
            #expect(try await browser.post("/project/project-a/traces/t1/publish", form: ["_csrf": token, "public": "1"]).status == 400)
            let trace = try await Self.apiTrace(client, app)
            #expect(trace["tags"] == ["kept"] && trace["bookmarked"] == .bool(false) && trace["public"] == .bool(false))
            #expect(try await app.loggedEventCount(app.a) == 1, "nothing was logged")
        }
    }

    @Test func viewersForeignProjectsAndMissingTokensChangeNothing() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([Events.trace("t1", ["name": "a"])], auth: app.a.basic)
            _ = try await client.ingest([Events.trace("t1", ["name": "b"])], auth: app.b.basic)
            let (viewer, token) = try await Self.member(app, client, role: .viewer)
            let page = try await viewer.get("/project/project-a/traces/t1")
            #expect(!page.html.contains("Bookmark") && !page.html.contains("Publish") && !page.html.contains("Edit tags"))
            for (action, field) in [("bookmark", "bookmarked"), ("publish", "public")] {
                #expect(try await viewer.post("/project/project-a/traces/t1/\(action)", form: ["_csrf": token, field: "true"]).status == 403)
                #expect(try await viewer.post("/project/project-b/traces/t1/\(action)", form: ["_csrf": token, field: "true"]).status == 404)
            }
            #expect(try await viewer.post("/project/project-a/traces/t1/tags", form: ["_csrf": token, "tags": "x"]).status == 403)

            try await app.addUser("bob@example.com", roles: [app.a.id: .member])
            let member = TestBrowser(client)
            try await member.signIn(email: "bob@example.com", password: "password-1")
            #expect(try await member.post("/project/project-a/traces/t1/bookmark", form: ["bookmarked": "true"]).status == 403, "no CSRF token")
            let memberToken = try #require(try await member.get("/project/project-a/traces/t1").csrf)
            #expect(try await member.post("/project/project-b/traces/t1/publish", form: ["_csrf": memberToken, "public": "true"]).status == 404)
            #expect(try await member.post("/project/project-a/traces/missing/publish", form: ["_csrf": memberToken, "public": "true"]).status == 404)
            for project in [app.a, app.b] {
                let trace = try await client.trace("t1", auth: project.basic).json
                #expect(trace["bookmarked"] == .bool(false) && trace["public"] == .bool(false))
            }
        }
    }

    @Test func aPublishedTraceOpensSignedOutUntilItIsUnpublished() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([
                Events.trace("t1", ["name": "shared <script>alert(1)</script>", "input": "the question"]),
                Events.observation("generation-create", "g1", traceId: "t1", ["name": "llm", "output": "the answer"]),
            ], auth: app.a.basic)
            let (member, token) = try await Self.member(app, client)
            let stranger = TestBrowser(client)
            #expect(try await stranger.get("/project/project-a/traces/t1").status == 303, "unpublished: sign in first")

            #expect(try await member.post("/project/project-a/traces/t1/publish", form: ["_csrf": token, "public": "true"]).status == 303)
            #expect(try await member.get("/project/project-a/traces/t1").html.contains("Public link"))
            let shared = try await stranger.get("/project/project-a/traces/t1")
            #expect(shared.status == 200)
            #expect(shared.html.contains("the question") && shared.html.contains("read-only"))
            #expect(!shared.html.contains("<script>alert(1)</script>"))
            #expect(!shared.html.contains("Delete trace") && !shared.html.contains("Download JSON") && !shared.html.contains("Sign out"))
            #expect(try await stranger.get("/project/project-a/traces/t1?observation=g1").html.contains("the answer"))
            #expect(try await stranger.get("/project/project-a/traces/t1/download").status == 303, "downloads stay with members")
            #expect(try await stranger.get("/project/project-a/traces").status == 303, "only the trace is public")
            #expect(try await stranger.post("/project/project-a/traces/t1/publish", form: ["public": "false"]).status == 303)

            // A signed-in user of another project sees it too, read-only.
            try await app.addUser("bob@example.com", roles: [app.b.id: .owner])
            let outsider = TestBrowser(client)
            try await outsider.signIn(email: "bob@example.com", password: "password-1")
            let seen = try await outsider.get("/project/project-a/traces/t1")
            #expect(seen.status == 200 && !seen.html.contains("Delete trace"))

            #expect(try await member.post("/project/project-a/traces/t1/publish", form: ["_csrf": token, "public": "false"]).status == 303)
            #expect(try await stranger.get("/project/project-a/traces/t1").status == 303)
            #expect(try await outsider.get("/project/project-a/traces/t1").status == 404)
            // A later SDK event does not publish or unpublish what the UI chose.
            _ = try await client.ingest([Events.envelope("trace-create", id: "later", body: ["id": "t1", "public": true])], auth: app.a.basic)
            #expect(try await stranger.get("/project/project-a/traces/t1").status == 303)
        }
    }

    @Test func clientsCannotSendTraceEdits() async throws {
        try await TestApp.run { app, client in
            _ = try await client.ingest([Events.trace("t1")], auth: app.a.basic)
            let reply = try await client.ingest([
                Events.envelope("langfarm-trace-edit", id: "forged", body: ["id": "t1", "bookmarked": true, "public": true]),
            ], auth: app.a.basic)
            #expect(reply.status == 207 && reply.json.error(for: "forged") != nil, "\(reply)")
            let trace = try await Self.apiTrace(client, app)
            #expect(trace["bookmarked"] == .bool(false) && trace["public"] == .bool(false))
        }
    }
}

/// The trace page's timeline.
@Suite struct TraceTimelineTests {
    @Test func theTimelinePlacesEachObservationOnOneAxisAndZooms() async throws {
        try await TestApp.run { app, client in
            try await app.addUser("ada@example.com", roles: [app.a.id: .viewer])
            _ = try await client.ingest([
                Events.trace("t1", ["name": "agent"]),
                Events.observation("span-create", "root", traceId: "t1", [
                    "name": "run", "startTime": "2026-03-01T12:00:00.000Z", "endTime": "2026-03-01T12:01:40.000Z",
                ]),
                Events.observation("span-create", "tiny", traceId: "t1", [
                    "name": "lookup", "parentObservationId": "root", "startTime": "2026-03-01T12:00:50.000Z", "endTime": "2026-03-01T12:00:50.000Z",
                ]),
                Events.observation("generation-create", "late", traceId: "t1", [
                    "name": "answer", "parentObservationId": "root", "startTime": "2026-03-01T12:01:15.000Z", "endTime": "2026-03-01T12:01:40.000Z",
                ]),
            ], auth: app.a.basic)
            let browser = TestBrowser(client)
            try await browser.signIn(email: "ada@example.com", password: "password-1")
            let tree = try await browser.get("/project/project-a/traces/t1")
            #expect(tree.html.contains(#"href="/project/project-a/traces/t1?view=timeline""#))
            let page = try await browser.get("/project/project-a/traces/t1?view=timeline")
            #expect(page.status == 200)
            // The root spans the axis; the instant lookup sits at 50 % with the narrowest bar;
            // the answer starts at 75 %.
            #expect(page.html.contains(#"<rect x="0.0" y="1" width="1000.0""#))
            #expect(page.html.contains(#"<rect x="500.0" y="1" width="3.0""#))
            #expect(page.html.contains(#"<rect x="750.0" y="1" width="250.0" height="10" class="type-GENERATION">"#))
            #expect(page.html.contains("&lt;1ms") && page.html.contains("25.00s") && page.html.contains("1m 40s"))
            #expect(page.html.contains(#"class="depth-1""#))

            let zoomed = try await browser.get("/project/project-a/traces/t1?view=timeline&zoom=late")
            #expect(zoomed.html.contains("Zoomed into answer"))
            #expect(zoomed.html.contains(#"<rect x="0.0" y="1" width="1000.0" height="10" class="type-GENERATION">"#))
            #expect(zoomed.html.contains("1 observations lie outside this window."), "the lookup ended before the answer started")
            // Selecting an observation keeps the timeline.
            #expect(page.html.contains(#"href="/project/project-a/traces/t1?observation=late&amp;view=timeline""#))
        }
    }
}
