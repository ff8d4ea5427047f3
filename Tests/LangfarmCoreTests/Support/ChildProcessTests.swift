import Foundation
import Testing
import TestSupport

/// The launcher the suites use for PostgreSQL and tansu, checked in the conditions that crashed
/// Foundation's `Process` in CI: the test process holding well over a thousand descriptors
/// while children start, several at once.
@Suite struct ChildProcessTests {
    @Test("children start while 1,500 descriptors are open, and inherit none of them")
    func startsWithManyDescriptorsOpen() async throws {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        let count = min(1_500, Int(limit.rlim_cur) - 200)  // room for the suites running alongside
        let held = (0..<count).map { _ in open("/dev/null", O_RDONLY) }  // inheritable: no O_CLOEXEC
        defer { held.forEach { close($0) } }
        try #require(held.allSatisfy { $0 >= 0 })

        let listings = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let (status, output) = try await ChildProcess.run("/bin/ls", ["/proc/self/fd"])
                    #expect(status.isSuccess, "\(output)")
                    return output
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for listing in listings {
            let descriptors = listing.split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
            // 0–2, and the directory ls reads.
            #expect(descriptors.count <= 4, "the child inherited \(descriptors.count) descriptors: \(descriptors.prefix(10))")
            #expect(!descriptors.contains(held.last!), "the child holds the test's descriptor \(held.last!)")
        }
    }

    @Test("a started program is seen running, is stopped by a signal, and reports how it ended")
    func startSignalAndExit() async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let sleeper = try await ChildProcess.start("/bin/sh", ["-c", "echo started; exec sleep 60"], log: log)
        #expect(sleeper.terminationStatus == nil)
        sleeper.send(SIGKILL)
        #expect(try await sleeper.waitForExit() == .signaled(SIGKILL))
        #expect(sleeper.terminationStatus == .signaled(SIGKILL))
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "started\n", "output goes to the log")
    }

    @Test("a program that does not exist is an error, not a hang")
    func missingProgram() async throws {
        await #expect(throws: (any Error).self) {
            _ = try await ChildProcess.start("/nonexistent/program", [], log: "/dev/null")
        }
    }
}
