import Foundation
import TestSupport
import GRDB
import LangfarmCore
import Subprocess
import Testing
@testable import LangfarmStore
#if canImport(Glibc)
import Glibc
#endif

/// Measures content search on a loaded store (docs/SEARCH.md, "Costs"): indexing CPU per
/// trace, and the time of list queries with `matches` under both plans, for words from rare to
/// common. Runs only when `LANGFARM_SEARCH_BENCH` names a store (`langfarm.sqlite`), which is
/// re-indexed from scratch (unless `LANGFARM_SEARCH_BENCH_REINDEX=0`); if it does not exist, it is first loaded, in process, with the
/// request bodies of `benchmarks/read/generate.py` in `LANGFARM_SEARCH_BENCH_BODIES`. Build in
/// release for meaningful figures:
///
///     swift build -c release --build-tests -Xswiftc -enable-testing --scratch-path .build-release-tests
///     LANGFARM_SEARCH_BENCH=/tmp/search.sqlite LANGFARM_SEARCH_BENCH_BODIES=.build-bench/traces-1000000-seed-20261101/bodies \
///         swift test -c release -Xswiftc -enable-testing --scratch-path .build-release-tests --skip-build --filter SQLiteSearchBenchmark
@Suite struct SQLiteSearchBenchmark {
    static let environment = ProcessInfo.processInfo.environment
    static let path = environment["LANGFARM_SEARCH_BENCH"]

    @Test(.enabled(if: path != nil)) func measure() async throws {
        let path = Self.path!
        let isNew = !FileManager.default.fileExists(atPath: path)
        let store = try await SQLiteStore.open(path: path)
        if isNew, let bodies = Self.environment["LANGFARM_SEARCH_BENCH_BODIES"] { try await load(store, from: bodies) }
        let project = try await store.pool.read { db in try String.fetchOne(db, sql: "SELECT project_id FROM traces LIMIT 1") } ?? ""
        if Self.environment["LANGFARM_SEARCH_BENCH_REINDEX"] != "0" { try await reindex(store) }
        try await store.pool.write { db in try SQLiteStore.refreshPlannerStatistics(db) }
        print("with planner statistics (as the store keeps them):")
        try await queries(store.pool, project: project)
        // Connections read the statistics when they open: a new pool sees them gone.
        try await store.pool.write { db in try db.execute(sql: "DELETE FROM sqlite_stat1") }
        var configuration = Configuration()
        configuration.prepareDatabase { db in SQLiteSearchFunctions.register(in: db) }
        print("without planner statistics (a store before its first refresh):")
        try await queries(try DatabasePool(path: path, configuration: configuration), project: project)
        try await store.pool.write { db in try SQLiteStore.refreshPlannerStatistics(db) }
    }

    /// Commits the generated requests (`bodies-*.jsonl.gz`: an event count, a tab, a batch) as
    /// ingestion would, one request per commit, without HTTP.
    func load(_ store: SQLiteStore, from directory: String) async throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".jsonl.gz") }.sorted()
        var events = 0
        let start = ContinuousClock.now
        for file in files {
            _ = try await Subprocess.run(.path("/bin/zcat"), arguments: ["\(directory)/\(file)"], input: .none, output: .sequence, error: .discarded) { zcat in
                var pending: [UInt8] = []
                for try await chunk in zcat.standardOutput {
                    chunk.withUnsafeBytes { pending += $0 }
                    var lineStart = 0
                    while let newline = pending[lineStart...].firstIndex(of: 0x0A) {
                        events += try await commit(pending[lineStart..<newline], to: store)
                        lineStart = newline + 1
                    }
                    pending.removeFirst(lineStart)
                }
            }
            print("loaded \(file): \(events) events, \(Int(Double(events) / ((ContinuousClock.now - start) / .seconds(1)))) events/s")
        }
    }

    /// Commits one request line; returns its number of events.
    func commit(_ line: ArraySlice<UInt8>, to store: SQLiteStore) async throws -> Int {
        guard let tab = line.firstIndex(of: UInt8(ascii: "\t")),
              case .array(let batch)? = try JSONParser.parse(line[(tab + 1)...])["batch"] else { return 0 }
        let events = batch.compactMap { event -> NormalisedEvent? in
            if case .success(let normalised) = EventNormaliser.normalise(event) { return normalised }
            return nil
        }
        try await store.commit([EventBatch(projectId: "proj-bench", events: events, receivedAt: EpochMillis.now)])
        return events.count
    }

    /// Empties the index, puts every trace in the backlog and indexes them all, stage by stage.
    func reindex(_ store: SQLiteStore) async throws {
        let traces = try await store.pool.write { db in
            try db.execute(sql: """
                DELETE FROM search_index; DELETE FROM search_documents; DELETE FROM search_backlog;
                DELETE FROM id_search_index; DELETE FROM id_search_documents;
                INSERT INTO search_backlog (project_id, trace_id, changed_at) SELECT project_id, id, 1 FROM traces;
                """)
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM search_backlog") ?? 0
        }
        var claim = Measure(), read = Measure(), build = Measure(), write = Measure()
        var words = 0, documents = 0
        let batch = 100
        while true {
            let claimed = try await claim.time { try await store.claimSettledTraces(quietFor: .zero, limit: batch) }
            if claimed.isEmpty { break }
            let contents = try await read.time {
                try await store.pool.read { db in
                    try claimed.map { (try SQLiteSearchDocuments.content(of: $0, in: db), try SQLiteIdSearch.document(of: $0, in: db)) }
                }
            }
            let built = build.time { zip(claimed, contents).map { ($0, SearchDocument(words: SQLiteSearchDocuments.words(of: $1.0), ids: $1.1)) } }
            words += built.reduce(0) { $0 + $1.1.words.split(separator: " ").count }
            documents += try await write.time { try await store.storeSearchDocuments(built) }
        }
        let perTrace = { (m: Measure) in String(format: "%6.1f µs CPU, %6.1f µs wall", m.cpu / Double(traces) * 1e6, m.wall / Double(traces) * 1e6) }
        print("indexed \(traces) traces (\(documents) documents, \(words / max(1, documents)) distinct words each) in batches of \(batch):")
        print("  claim  \(perTrace(claim))\n  read   \(perTrace(read))\n  build  \(perTrace(build))\n  write  \(perTrace(write))")
        let all = claim.cpu + read.cpu + build.cpu + write.cpu
        print(String(format: "  total  %6.1f µs CPU per trace", all / Double(traces) * 1e6))
        print(String(format: "  write lock per batch: claim %.1f ms (longest %.1f), write %.1f ms (longest %.1f)",
                     claim.wall / Double(traces) * Double(batch) * 1e3, claim.longest * 1e3,
                     write.wall / Double(traces) * Double(batch) * 1e3, write.longest * 1e3))
        let size = try await store.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search_%'")
        }
        print("  index size \((size ?? 0) / 1_048_576) MiB")
    }

    func queries(_ pool: DatabasePool, project: String) async throws {
        let words = try await pool.write { db -> [(String, Int)] in
            try db.execute(sql: "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab USING fts5vocab(main, search_index, row)")
            var picked: [(String, Int)] = []
            // The generator's planted rare words, then words of its vocabularies (benchmarks/read/text.py),
            // from rare to common, in inputs; the document count is the query's first index term's.
            for word in ["sesquipedalian", "quetzalcoatlus", "zymurgy", "сыроежка", "환불", "रिफंड", "заказ", "注文", "warranty", "refund policy", "refund"] {
                let term = SearchQuery(word).indexTerms[0]
                picked.append((word, try Int.fetchOne(db, sql: "SELECT doc FROM temp.search_vocab WHERE term = ?", arguments: [term]) ?? 0))
            }
            // Terms by document count, mostly from outputs and metadata: no input matches, so a
            // list query reads every row it may (the worst case of both plans).
            for target in [300, 1_000, 3_000, 10_000, 20_000, 50_000, 150_000, 500_000] {
                if let row = try Row.fetchOne(db, sql: """
                    SELECT term, doc FROM temp.search_vocab WHERE doc >= ? AND length(term) > 1 ORDER BY doc LIMIT 1
                    """, arguments: [target]) {
                    picked.append((row["term"], row["doc"]))
                }
            }
            return picked
        }
        print("query times (median of 5 warm runs; 1 run above 20,000 documents), v2 observations list: input matches, newest 50; and the number of matching traces:")
        print("word                   documents   narrowed   scanned  |  count narrowed  count scanned  matches")
        for (word, documents) in words {
            let query = SearchQuery(word)
            var timings: [String] = []
            var counts: [Int] = []
            for limit in [100_000_000, 0] {
                let page = try await median(runs: documents > 20_000 ? 1 : 5) {
                    try await pool.read { db in
                        let condition = try SQLiteSearch.matches(
                            .input, of: .observations(alias: "o"), query: query, projectId: project, candidateLimit: limit, in: db)
                        return try String.fetchAll(db, sql: """
                            SELECT o.id FROM observations o WHERE o.project_id = ? AND \(condition.sql)
                            ORDER BY o.start_time DESC, o.id DESC LIMIT 50
                            """, arguments: [project] + condition.statementArguments).count
                    }
                }
                timings.append(String(format: "%8.1f ms", page.seconds * 1e3))
            }
            for limit in [100_000_000, 0] where documents <= 50_000 || limit > 0 {
                let count = try await median(runs: documents > 20_000 ? 1 : 3) {
                    try await pool.read { db in
                        let condition = try SQLiteSearch.traces(TraceSearch(text: word, scope: .content), projectId: project, candidateLimit: limit, in: db)
                        return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM traces t WHERE t.project_id = ? AND \(condition.sql)",
                                                arguments: [project] + condition.statementArguments) ?? 0
                    }
                }
                timings.append(String(format: "%10.1f ms", count.seconds * 1e3))
                counts.append(count.value)
            }
            print("\(word.padding(toLength: 20, withPad: " ", startingAt: 0)) \(String(format: "%10d", documents)) \(timings.joined(separator: " "))  \(counts.map(String.init).joined(separator: "/"))")
        }
    }

    /// The median wall time of `runs` runs (after one untimed run) and the last value.
    func median<Value>(runs: Int = 5, _ body: () async throws -> Value) async throws -> (seconds: Double, value: Value) {
        var value = try await body()
        var times: [Double] = []
        for _ in 0..<runs {
            let start = ContinuousClock.now
            value = try await body()
            times.append((ContinuousClock.now - start) / .seconds(1))
        }
        return (times.sorted()[times.count / 2], value)
    }
}

/// Process CPU time and wall time spent in a stage, summed over its runs, and its longest run.
struct Measure {
    var cpu: Double = 0
    var wall: Double = 0
    var longest: Double = 0

    static func processCPU() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    private mutating func record(cpu: Double, wall: Double) {
        self.cpu += cpu
        self.wall += wall
        longest = max(longest, wall)
    }

    mutating func time<Value>(_ body: () throws -> Value) rethrows -> Value {
        let (cpu, start) = (Self.processCPU(), ContinuousClock.now)
        defer { record(cpu: Self.processCPU() - cpu, wall: (ContinuousClock.now - start) / .seconds(1)) }
        return try body()
    }

    mutating func time<Value>(_ body: () async throws -> Value) async rethrows -> Value {
        let (cpu, start) = (Self.processCPU(), ContinuousClock.now)
        defer { record(cpu: Self.processCPU() - cpu, wall: (ContinuousClock.now - start) / .seconds(1)) }
        return try await body()
    }
}
