import Testing
@testable import LangfarmCore

@Suite struct RowBuilderTests {
    typealias T = TestEvents
    let partition = PartitionTime(createdAt: 1_795_600_000_000)

    @Test func observationDefaultsAndClamping() throws {
        let event = T.event("span-create", id: "e", at: "2026-11-25T09:00:00Z", body: """
            {"id":"s","traceId":"t","startTime":"2026-11-25T09:00:05Z","endTime":"2026-11-25T09:00:01Z"}
            """)
        let row = try #require(RowBuilder.observation(RecordMerger.foldObservation([event]), projectId: "p", partition: partition, updatedAt: 1))
        #expect(row.level == "DEFAULT")
        #expect(row.endTime == row.startTime, "an end before the start is clamped to the start")
        #expect(row.partition == partition)
    }

    @Test func usageTotalIsTheSumWhenMissingAndProvidedCostWins() throws {
        let event = T.event("generation-create", id: "e", at: "2026-11-25T09:00:00Z", body: """
            {"id":"g","traceId":"t","usageDetails":{"input":5,"output":7,"cache_read":3},"costDetails":{"input":0.25,"output":0.5}}
            """)
        let row = try #require(RowBuilder.observation(RecordMerger.foldObservation([event]), projectId: "p", partition: partition, updatedAt: 1))
        #expect(row.usageDetails == ["input": 5, "output": 7, "cache_read": 3, "total": 15])
        #expect(row.costDetails == ["input": 0.25, "output": 0.5, "total": 0.75])
        #expect(row.totalCost == 0.75)
        #expect(row.pricing == nil, "no model, no pricing")
    }

    @Test func partialOpenAIUsageIsStoredAsSentWithTheTotalAdded() throws {
        let event = T.event("generation-create", id: "e", at: "2026-11-25T09:00:00Z", body: """
            {"id":"g","traceId":"t","usageDetails":{"prompt_tokens":10,"completion_tokens":5}}
            """)
        let row = try #require(RowBuilder.observation(RecordMerger.foldObservation([event]), projectId: "p", partition: partition, updatedAt: 1))
        #expect(row.usageDetails == ["prompt_tokens": 10, "completion_tokens": 5, "total": 15])
    }

    @Test func observationWithoutTraceGetsAStableDerivedTraceId() throws {
        let event = T.event("observation-create", id: "e", at: "2026-11-25T09:00:00Z", body: #"{"id":"o","type":"SPAN"}"#)
        let record = RecordMerger.foldObservation([event])
        let row = try #require(RowBuilder.observation(record, projectId: "p", partition: partition, updatedAt: 1))
        #expect(row.traceId == RowBuilder.traceId(of: record, observationId: "o"))
        #expect(row.traceId.count == 36)
        #expect(row.traceId != RowBuilder.traceId(of: record, observationId: "o2"))
    }
}
