import Foundation
import LangfarmCore
import LangfarmPostgres
import LangfarmStore
import Logging
import Testing
import TestSupport

/// Several servers sharing one PostgreSQL database: what the shared conformance suite cannot
/// show with one store object.
@Suite struct PostgresSharedStoreTests {
    typealias F = Fixtures

    /// Events of one trace, many of them touching the same rows, in batches of two.
    static func batches(ofTrace h: String, seed: UInt64) -> [EventBatch] {
        var events = [F.event("trace-create", id: "\(h)-trace", at: "2026-11-25T09:00:00.000Z", body: #"{"id":"\#(h)","name":"hammer","tags":["a"]}"#)]
        for span in 0..<12 {
            let start = String(format: "2026-11-25T09:00:%02d.000Z", span)
            events.append(F.event("span-create", id: "\(h)-s\(span)", at: start, body: """
                {"id":"\(h)-span\(span)","traceId":"\(h)","name":"step \(span)","startTime":"\(start)","metadata":{"step":\(span)}}
                """))
            events.append(F.event("span-update", id: "\(h)-u\(span)", at: String(format: "2026-11-25T09:01:%02d.000Z", span), body: """
                {"id":"\(h)-span\(span)","traceId":"\(h)","endTime":"2026-11-25T09:02:00.000Z","output":{"done":\(span)},"metadata":{"end":\(span)}}
                """))
            events.append(F.event("trace-create", id: "\(h)-t\(span)", at: String(format: "2026-11-25T09:03:%02d.000Z", span), body: """
                {"id":"\(h)","output":"after \(span)","tags":["t\(span)"],"metadata":{"k\(span)":\(span)}}
                """))
        }
        var random = SplitMix64(seed: seed)
        events.shuffle(using: &random)
        return stride(from: 0, to: events.count, by: 2).map { F.batch("p", Array(events[$0..<min($0 + 2, events.count)])) }
    }

    /// Events of one trace reaching three servers at the same moment (and some sent twice,
    /// to two of them, as a client retrying after a timeout) merge to exactly the rows one
    /// server committing them in turn writes: no lost update, no deadlock, a retry changes
    /// nothing.
    @Test func oneTraceHammeredFromThreeServersMergesAsOneServerWould() async throws {
        let url = try await PostgresServer.freshDatabaseURL()
        var opened: [PostgresStore] = []
        for _ in 0..<3 { opened.append(try await PostgresStore.connect(url: url, logger: StoreKind.quietLogger)) }
        let servers = opened
        let traces = (0..<4).map { "h\($0)" }
        let batches = traces.enumerated().flatMap { index, trace in Self.batches(ofTrace: trace, seed: UInt64(index)) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, batch) in batches.enumerated() {
                // One transaction per batch, not a group commit: as many transactions at once as
                // the three pools allow.
                group.addTask { try await servers[index % 3].commit([batch]) }
                if index.isMultiple(of: 5) { group.addTask { try await servers[(index + 1) % 3].commit([batch]) } }
            }
            try await group.waitForAll()
        }

        let reference = try await StoreKind.sqlite.makeStore().store
        for batch in batches { try await reference.commit([batch]) }
        for trace in traces {
            let shared = try await Snapshot.of(trace, project: "p", in: servers[1])
            #expect(shared.observations.count == 12)
            #expect(shared == (try await Snapshot.of(trace, project: "p", in: reference)), "trace \(trace)")
        }
        #expect(try await servers[2].loggedEvents(projectId: "p").count == batches.reduce(0) { $0 + $1.events.count })
        for server in servers { await server.shutdown() }
    }
}
