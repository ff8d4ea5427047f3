import Foundation
import GRDB
import LangfarmCore
import Testing
@testable import LangfarmStore

/// The SQLite trace list writes tag, metadata and cost conditions in different ways, chosen by
/// how many traces match; every way must select the same page.
@Suite struct SQLiteTracePlanTests {
    @Test func everyPlanSelectsTheSamePages() async throws {
        let (store, _) = try await StoreKind.sqlite.makeStore()
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
            [FilterCondition(column: .totalCost, type: .number, operator: .greaterThanOrEqual, value: .number(0.004))],
            [
                FilterCondition(column: .totalCost, type: .number, operator: .lessThan, value: .number(0.006)),
                FilterCondition(column: .tags, type: .arrayOptions, operator: .anyOf, value: .strings(["a0", "b1"])),
            ],
        ]
        let plans = [SQLiteTraceFilter.LookupPlan.matchList, .probePerTrace].flatMap { lookups in
            [true, false].map { SQLiteTraceFilter.Plan(lookups: lookups, costIndex: $0) }
        }
        for condition in conditions {
            for page in 1...3 {
                let query = TraceListQuery(projectId: "p", conditions: condition, page: PageRequest(page: page, limit: 6))
                let pages = try await sqlite.pool.read { db in
                    try plans.map { plan in try SQLiteStore.pageRows(query, plan: plan, in: db).map { $0["id"] as String } }
                }
                #expect(Set(pages).count == 1, "\(condition.map(\.column)) page \(page): \(pages)")
                #expect(page > 1 || !pages[0].isEmpty)
            }
        }
    }

    /// A searched page is read by candidate id and sorted when its matches are few, and walked
    /// newest first otherwise: both select the same page.
    @Test func aSearchedPageIsTheSameReadByIdOrWalked() async throws {
        let (store, _) = try await StoreKind.sqlite.makeStore()
        let sqlite = try #require(store as? SQLiteStore)
        var random = RandomTraces(seed: 22)
        try await sqlite.commit(random.batches(random.events(traces: 40, observations: 1), maxSize: 7))
        _ = try await sqlite.indexSettledTraces(quietFor: .zero, limit: 100)
        let plans = [SQLiteTraceFilter.LookupPlan.matchList, .probePerTrace].map { SQLiteTraceFilter.Plan(lookups: $0, costIndex: true) }
        for text in ["p-t1", "t3", "u2", "s4"] {
            for order in [TraceOrder.newestFirst, TraceOrder(field: .name, direction: .ascending)] {
                let query = TraceListQuery(projectId: "p", search: TraceSearch(text: text, scope: .ids), order: order, page: PageRequest(page: 1, limit: 5))
                let pages = try await sqlite.pool.read { db in
                    try plans.map { plan in try SQLiteStore.pageRows(query, plan: plan, in: db).map { $0["id"] as String } }
                }
                #expect(Set(pages).count == 1 && !pages[0].isEmpty, "\(text), \(order.field): \(pages)")
            }
        }
    }
}
