import Foundation
import GRDB
import LangfarmCore
import Testing
@testable import LangfarmStore

/// How the SQLite store keeps its change feed, beyond what the conformance suite asks of every
/// store: pointers instead of copies in the outbox, the in-memory window of recent changes, the
/// upgrade from the outbox of copies, and what deleting traces leaves in the file.
@Suite struct SQLiteOutboxTests {
    typealias F = Fixtures

    static func enabledStore() async throws -> (store: SQLiteStore, path: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("langfarm-outbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("langfarm.sqlite").path
        let store = try await SQLiteStore.open(path: path, changeEncoder: OutboxConformanceTests.SummaryEncoder())
        try await store.setChangeFeed(enabled: true)
        return (store, path)
    }

    /// A commit writes each live change as a pointer to its row (its message is encoded later,
    /// outside the write transaction) and every row with the version of its last change; only a
    /// deleted row's message, which cannot be read back, is stored.
    @Test func liveChangesAreStoredAsPointersAndDeletionsAsMessages() async throws {
        let (store, _) = try await Self.enabledStore()
        try await store.commit([F.batch("p", F.sdkTrace("t1"))])
        _ = try await store.deleteTraces(projectId: "p", ids: ["t1"])
        try await store.commit([F.batch("p", F.sdkTrace("t2"))])

        let outbox = try await store.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT entity_id, value FROM outbox ORDER BY sequence").map { ($0["entity_id"] as String, $0["value"] as String?) }
        }
        #expect(outbox.count == 18)
        #expect(outbox.filter { $0.0.hasPrefix("t2") }.allSatisfy { $0.1 == nil }, "live changes hold no copy of their row")
        #expect(outbox.filter { $0.1 != nil }.count == 6, "the deletion of t1's six rows keeps their messages")
        #expect(outbox.compactMap(\.1).allSatisfy { $0.hasSuffix(" deleted") || $0.contains(" deleted ") })

        let versions = try await store.pool.read { db in
            try Int64?.fetchAll(db, sql: "SELECT row_version FROM traces UNION ALL SELECT row_version FROM observations UNION ALL SELECT row_version FROM scores")
        }
        #expect(Set(versions) == Set((13...18).map { Int64?($0) }), "t2's rows carry the versions of their changes")
    }

    /// Read back after a restart, a change whose row changed again is left out rather than sent
    /// with a state it never had; the window, which holds every committed row, sends them all.
    @Test func onlyTheTableReadLeavesOutSupersededChanges() async throws {
        let (store, path) = try await Self.enabledStore()
        try await store.commit([F.batch("p", F.sdkTrace("t1"))])
        let update = F.event("trace-create", id: "t1-e11", at: "2026-11-25T09:00:02.000Z", body: #"{"id":"t1","output":"final"}"#)
        try await store.commit([F.batch("p", [update])])

        let fromWindow = try await store.pendingChanges(after: 0, limit: 100)
        #expect(fromWindow.entries.map(\.sequence) == Array(1...7))
        #expect(fromWindow.entries.first?.value == #"trace t1 v1 output={"a":"hello"}"#, "the window has the trace as its first change left it")

        let fromTable = try await SQLiteStore.open(path: path, changeEncoder: OutboxConformanceTests.SummaryEncoder()).pendingChanges(after: 0, limit: 100)
        #expect(fromTable.entries.map(\.sequence) == Array(2...7))
        #expect(fromTable.through == 7)
        #expect(Array(fromTable.entries) == Array(fromWindow.entries.dropFirst()))
    }

    /// A transaction that changes more rows than the window holds (a rebuild) leaves its oldest
    /// changes to be read from the table, and the relay still gets every one.
    @Test func aTransactionLargerThanTheWindowIsReadPartlyFromTheTable() async throws {
        let (store, path) = try await Self.enabledStore()
        let small = try await SQLiteStore.open(path: path, changeEncoder: OutboxConformanceTests.SummaryEncoder(), windowCapacity: 4)
        try await small.commit([F.batch("p", F.sdkTrace("t1") + F.sdkTrace("t2"))])
        #expect(small.recentChanges.after(0, limit: 100) == nil, "the window kept only the newest")
        let pending = try await small.pendingChanges(after: 0, limit: 100)
        #expect(pending.entries.map(\.sequence) == Array(1...12))
        #expect(pending == (try await store.pendingChanges(after: 0, limit: 100)), "the same as a store that has none of them in memory")
    }

    /// A store upgraded from the outbox that held copies still publishes what was pending.
    @Test func changesPendingBeforeTheUpgradeArePublishedAsTheyWereStored() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("langfarm-upgrade-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("langfarm.sqlite").path
        let old = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(old, upTo: "v6-change-feed-outbox")
        try await old.write { db in
            try db.execute(sql: """
                INSERT INTO outbox (sequence, entity_kind, project_id, entity_id, message_key, value, sdk_name, sdk_version, committed_at)
                VALUES (1, 'trace', 'p', 't0', 't0', '{"id":"t0"}', 'python', '2.60.3', 42);
                UPDATE outbox_state SET enabled = 1, last_sequence = 1;
                """)
        }
        try old.close()

        let store = try await SQLiteStore.open(path: path, changeEncoder: OutboxConformanceTests.SummaryEncoder())
        try await store.commit([F.batch("p", F.sdkTrace("t1"))])
        let pending = try await SQLiteStore.open(path: path, changeEncoder: OutboxConformanceTests.SummaryEncoder()).pendingChanges(after: 0, limit: 100)
        #expect(pending.entries.first == OutboxEntry(
            sequence: 1, kind: .trace, projectId: "p", entityId: "t0", key: "t0", value: #"{"id":"t0"}"#,
            sdk: SDKIdentity(name: "python", version: "2.60.3"), committedAt: 42
        ))
        #expect(pending.entries.map(\.sequence) == Array(1...7), "new changes follow the old ones")
    }

    /// Deleting a trace overwrites its content in the database file: its rows, the versions
    /// of them that updates replaced, its logged events, and its tombstone message once the
    /// relay has published it. Each spans several pages, so what it leaves are whole free pages,
    /// which SQLite only zeroes with `secure_delete` on.
    @Test func deletedTracesLeaveNoContentInTheFile() async throws {
        let (store, path) = try await Self.enabledStore()
        let marker = "secret-\(UUID().uuidString)"
        let text = String(repeating: "\(marker) ", count: 400)
        let create = F.event("trace-create", id: "s-e1", at: "2026-11-25T09:00:00.000Z", body: #"{"id":"s1","input":"\#(text)"}"#)
        // The update replaces the row, freeing the pages of the version that held the input only;
        // the summary encoder puts the output into the tombstone.
        let update = F.event("trace-create", id: "s-e2", at: "2026-11-25T09:00:01.000Z", body: #"{"id":"s1","output":"\#(text)"}"#)
        try await store.commit([F.batch("p", [create])])
        try await store.commit([F.batch("p", [update])])
        func fileHoldsMarker() async throws -> Bool {
            try await store.pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            return bytes.range(of: Data(marker.utf8)) != nil
        }
        #expect(try await fileHoldsMarker(), "the check must see the content while the trace exists")

        #expect(try await store.deleteTraces(projectId: "p", ids: ["s1"]) == 1)
        let tombstone = try await store.pendingChanges(after: 0, limit: 10).entries.last
        #expect(tombstone?.value.contains(marker) == true, "the tombstone carries the row's last state")
        #expect(try await store.claimRelayLease(relay: "test-relay", lease: .seconds(60)))
        try await store.acknowledgeChanges(through: try await store.outboxStatus().lastSequence, deadLetters: [], relay: "test-relay", lease: .seconds(60))
        #expect(try await !fileHoldsMarker())
    }
}

/// The window of recent changes: staged before a commit, readable after it, forgotten once read
/// past, and bounded.
@Suite struct RecentChangesTests {
    static func change(_ sequence: Int64) -> RecordedChange {
        let row = ScoreRow(
            projectId: "p", id: "s\(sequence)", timestamp: 0, name: "quality", partition: PartitionTime(createdAt: 0), updatedAt: 0
        )
        return RecordedChange(sequence: sequence, change: .score(row, deleted: false), sdk: nil, committedAt: sequence, value: nil)
    }

    @Test func stagedChangesAreReadOnlyOnceCommitted() {
        let window = RecentChanges(capacity: 100)
        window.stage((1...3).map(Self.change))
        #expect(window.after(0, limit: 10)?.isEmpty == true, "staged: known, but nothing to read yet (not a reason to read the table)")
        #expect(window.committed(2) == nil)
        window.commit(through: 3)
        #expect(window.after(0, limit: 10)?.map(\.sequence) == [1, 2, 3])
        #expect(window.after(1, limit: 1)?.map(\.sequence) == [2])
        #expect(window.committed(2)?.sequence == 2)

        window.stage((4...5).map(Self.change))
        #expect(window.after(3, limit: 10)?.isEmpty == true)
        window.discardStaged()
        #expect(window.after(3, limit: 10) == nil, "a rolled-back transaction leaves nothing behind")
        window.stage([Self.change(4)])
        window.commit(through: 4)
        #expect(window.after(0, limit: 10)?.map(\.sequence) == [1, 2, 3, 4])
    }

    @Test func readChangesAreForgottenAndGapsSendTheReaderToTheTable() {
        let window = RecentChanges(capacity: 100)
        window.stage([1, 2, 5, 6].map(Self.change))
        window.commit(through: 6)
        #expect(window.after(0, limit: 10)?.map(\.sequence) == [1, 2], "stops at the gap another process left")
        #expect(window.after(2, limit: 10) == nil, "the gap is read from the table")
        #expect(window.after(4, limit: 10)?.map(\.sequence) == [5, 6])
        window.drop(through: 5)
        #expect(window.after(0, limit: 10) == nil)
        #expect(window.after(5, limit: 10)?.map(\.sequence) == [6])
    }

    @Test func theWindowKeepsTheNewestChangesWithinItsCapacity() {
        let window = RecentChanges(capacity: 10)
        window.stage((1...11).map(Self.change))
        window.commit(through: 11)
        #expect(window.after(0, limit: 20) == nil, "the oldest is gone")
        #expect(window.after(1, limit: 20)?.map(\.sequence) == Array(2...11))
    }
}
/// The SQLite store's in-memory window of recent changes must give exactly what the table
/// gives, including when another process (a CLI command) recorded changes in between.
@Suite struct SQLiteRecentChangesTests {
    typealias F = Fixtures

    @Test func theWindowAgreesWithTheTableAcrossAnotherWritersChanges() async throws {
        let (store, reopen) = try await StoreKind.sqlite.makeStore(changeEncoder: OutboxConformanceTests.SummaryEncoder())
        try await store.setChangeFeed(enabled: true)
        try await store.commit([F.batch("p", F.sdkTrace("t1"))])
        let other = try await reopen()
        try await other.commit([F.batch("p", F.sdkTrace("t2"))])
        try await store.commit([F.batch("p", F.sdkTrace("t3"))])

        let fresh = try await reopen()
        let all = try await fresh.pendingChanges(after: 0, limit: 1000).entries
        #expect(all.map(\.sequence) == Array(1...Int64(all.count)))
        var seen: [OutboxEntry] = []
        var after: Int64 = 0
        while true {
            let page = try await store.pendingChanges(after: after, limit: 4).entries
            guard let last = page.last else { break }
            seen += page
            after = last.sequence
        }
        #expect(seen == all, "no change is skipped or repeated, whichever process recorded it")
    }
}
