import Foundation
import LangfarmCore
import Testing

@testable import LangfarmServer
@testable import LangfarmWeb

/// The observations table downloads as CSV and JSON Lines, as filtered, and only the project's.
@Suite struct ObservationExportTests {
    @Test func theFilteredObservationsDownloadAsCSVAndJSONLines() async throws {
        try await TestApp.run { app, client in
            try await app.addUser("ada@example.com", roles: [app.a.id: .viewer])
            var events: [JSONValue] = [Events.trace("t1")]
            for index in 0..<3 {
                events.append(Events.observation("generation-create", "g\(index)", traceId: "t1", [
                    "name": .string(index == 2 ? "=cmd|' /C calc'!A0" : "llm-\(index)"), "model": "gpt-4o",
                    "startTime": .string("2026-03-01T12:00:0\(index).000Z"), "usage": ["input": 100, "output": 10],
                    "input": .string("line one,\n\"two\""),
                ]))
            }
            events.append(Events.observation("span-create", "s1", traceId: "t1", ["name": "a-span"]))
            _ = try await client.ingest(events, auth: app.a.basic)
            _ = try await client.ingest([Events.trace("b"), Events.observation("generation-create", "b-g", traceId: "b", ["name": "b-secret"])], auth: app.b.basic)
            let browser = TestBrowser(client)
            try await browser.signIn(email: "ada@example.com", password: "password-1")

            let page = try await browser.get("/project/project-a/observations?column=name&operator=starts+with&value=llm&key=")
            let csvHref = try #require(page.html.firstMatch(of: #/<a href="([^"]+)">CSV</a>/#)).1.replacingOccurrences(of: "&amp;", with: "&")
            #expect(csvHref.hasPrefix("/project/project-a/observations-export?format=csv&type=GENERATION") && !csvHref.contains("page="))
            let csv = try await browser.get(csvHref)
            #expect(csv.status == 200 && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let records = csv.html.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(records.first == "id,traceId,type,name,startTime,endTime,level,model,inputTokens,outputTokens,totalTokens,totalCost,latencyMs,timeToFirstTokenMs,environment,input,output,metadata")
            #expect(records.count == 3, "the header and two generations named llm-…")
            #expect(csv.html.contains("g1,t1,GENERATION,llm-1,2026-03-01T12:00:01.000Z,,DEFAULT,gpt-4o,100,10,110,"))
            #expect(csv.html.contains(#""""line one,\n\""two\"""""#), "quoted JSON text of the input")
            #expect(!csv.html.contains("a-span") && !csv.html.contains("b-secret"))

            let all = try await browser.get("/project/project-a/observations-export?format=jsonl&type=")
            let objects = all.html.split(separator: "\n").compactMap { try? JSONValue.parse(Data($0.utf8)) }
            #expect(Set(objects.compactMap { $0["id"]?.stringValue }) == ["g0", "g1", "g2", "s1"])
            #expect(objects.first { $0["id"] == "g0" }?["usageDetails"]?["input"] == .number(100))
            let defused = try await browser.get("/project/project-a/observations-export?format=csv")
            #expect(defused.html.contains("'=cmd|' /C calc'!A0"), "a formula is defused")

            #expect(try await browser.get("/project/project-b/observations-export?format=csv").status == 404)
            #expect(try await browser.get("/project/project-a/observations-export?format=csv&column=totalCost&operator=%3E&value=x&key=").status == 400)
        }
    }
}
