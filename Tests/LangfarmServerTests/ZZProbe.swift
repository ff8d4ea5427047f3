import Foundation
import LangfarmCore
import Testing

@Suite struct ZZProbe {
    @Test func probeTiming() async throws {
        try await TestApp.run { app, client in
            let clock = ContinuousClock()
            var t = clock.now
            func lap(_ label: String) { print("PROBE \(label): \(clock.now - t)"); t = clock.now }
            let depth = NestingTests.deepestAcceptedInput()
            lap("deepest \(depth)")
            let input = NestingTests.nestedArrays(depth)
            let created = try await client.send(.post, "/api/public/traces", auth: app.a.basic, body: Data(#"{"id":"t1","input":\#(input)}"#.utf8))
            lap("post \(created.status)")
            let got = try await client.trace("t1", auth: app.a.basic)
            lap("get \(got.status)")
            let j = got.json
            lap("parse")
            let expected = try JSONValue.parse(Data(input.utf8))
            let same = j["input"] == expected
            lap("compare \(same)")
            let updated = try await client.send(.post, "/api/public/traces", auth: app.a.basic, json: ["id": "t1", "name": "later"])
            lap("post2 \(updated.status)")
        }
    }
}
