import Foundation
import GRDB
import LangfarmCore
import Testing
@testable import LangfarmStore

/// The SQLite trace list writes tag and metadata conditions two ways, chosen by how many traces
/// match; both must select the same page.
@Suite struct SQLiteTracePlanTests {
    @Test func bothLookupPlansSelectTheSamePages() async throws {
        let (store, _) = try StoreKind.sqlite.makeStore()
        let sqlite = try #require(store as? SQLiteStore)
        var random = RandomTraces(seed: 21)
        try await sqlite.commit(random.batches(random.events(traces: 40, observations: 1), maxSize: 7))
        let conditions: [[FilterCondition<TraceColumn>]] = [
            [FilterCondition(column: .tags, type: .arrayOptions, operator: .anyOf, value: .strings(["a0", "b1"]))],
            [FilterCondition(column: .tags, type: .arrayOptions, operator: .allOf, value: .strings(["a1", "b0"]))],
            [FilterCondition(column: .tags, type: .arrayOptions, operator: .noneOf, value: .strings(["a2"]))],
            [FilterCondition(column: .metadata, type: .stringObject, operator: .equals, value: .string("1"), key: "j")],
            [
                FilterCondition(column: .tags, type: .stringOptions, operator: .anyOf, value: .strings(["b0"])),
                FilterCondition(column: .metadata, type: .stringObject, operator: .equals, value: .string("0"), key: "j"),
            ],
        ]
        for condition in conditions {
            for page in 1...3 {
                let query = TraceListQuery(projectId: "p", conditions: condition, page: PageRequest(page: page, limit: 6))
                let (listed, probed) = try await sqlite.pool.read { db in
                    (try SQLiteStore.pageRows(query, lookups: .matchList, in: db).map { $0["id"] as String },
                     try SQLiteStore.pageRows(query, lookups: .probePerTrace, in: db).map { $0["id"] as String })
                }
                #expect(listed == probed, "\(condition.map(\.column)) page \(page)")
                #expect(page > 1 || !listed.isEmpty)
            }
        }
    }
}
