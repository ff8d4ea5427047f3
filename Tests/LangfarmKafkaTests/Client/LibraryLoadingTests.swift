import Testing
@testable import LangfarmKafka

@Suite("Loading librdkafka with dlopen")
struct LibraryLoadingTests {
    @Test("a missing library gives an error that says what to do")
    func missingLibrary() throws {
        let error = #expect(throws: LibRdKafkaLoadError.self) {
            try LibRdKafka.load(path: "/nonexistent/librdkafka.so.1")
        }
        let text = try #require(error).description
        #expect(text.contains("/nonexistent/librdkafka.so.1"))
        #expect(text.contains("No such file"))  // dlerror's reason
        #expect(text.contains("apt-get install librdkafka1"))
        #expect(text.contains("LANGFARM_LIBRDKAFKA"))
    }

    @Test("a library that is not librdkafka names the missing symbol")
    func wrongLibrary() throws {
        let error = #expect(throws: LibRdKafkaLoadError.self) {
            try LibRdKafka.load(path: "libm.so.6")
        }
        guard case .missingSymbol(let path, let symbol, _) = try #require(error) else {
            Issue.record("expected missingSymbol, got \(String(describing: error))")
            return
        }
        #expect(path == "libm.so.6")
        #expect(symbol == "rd_kafka_version_str")
        #expect(error?.description.contains("LANGFARM_LIBRDKAFKA") == true)
    }

    @Test("loads once and reports its version", .enabled(if: KafkaTestEnvironment.libraryTestsEnabled))
    func loadsAndReportsVersion() throws {
        let library = try KafkaTestEnvironment.requireLibrary()
        #expect(try LibRdKafka.load() === library)  // cached
        #expect(library.version.first?.isNumber == true)
        #expect(library.versionNumber >= 0x0104_0000)  // produceva exists since 1.4
    }
}
