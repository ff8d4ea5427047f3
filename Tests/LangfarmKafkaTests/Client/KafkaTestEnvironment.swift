import Foundation
import LangfarmKafka

/// Decides whether the Kafka tests can run here, and fails them loudly in CI when they cannot.
///
/// Locally, a missing tansu or librdkafka disables the tests (run `scripts/kafka-test-env`).
/// With `CI` set they are enabled regardless, and ``requireLibrary()``/``requireTansu()`` throw
/// an explanation, so a broken CI setup cannot pass by skipping.
enum KafkaTestEnvironment {
    /// tansu needs librdkafka 2.2+ (2.0.2 fails the ApiVersion handshake with it).
    static let minimumVersionForTansu = 0x0202_0000

    static let isCI: Bool = {
        guard let value = ProcessInfo.processInfo.environment["CI"]?.lowercased() else { return false }
        return !["", "0", "false", "no"].contains(value)
    }()

    static let library: Result<LibRdKafka, any Error> = Result { try LibRdKafka.load() }

    static let tansuPath: String? = {
        guard let path = ProcessInfo.processInfo.environment["TANSU_BIN"], !path.isEmpty,
            FileManager.default.isExecutableFile(atPath: path)
        else { return nil }
        return path
    }()

    /// Tests that need librdkafka but no broker.
    static var libraryTestsEnabled: Bool { isCI || (try? library.get()) != nil }

    /// Tests that need librdkafka 2.2+ and tansu.
    static var brokerTestsEnabled: Bool {
        guard !isCI else { return true }
        guard let library = try? library.get(), tansuPath != nil else { return false }
        return library.versionNumber >= minimumVersionForTansu
    }

    static func requireLibrary() throws -> LibRdKafka {
        do {
            return try library.get()
        } catch {
            throw SetupError("librdkafka is unavailable: \(error) Run `eval \"$(scripts/kafka-test-env)\"` first.")
        }
    }

    static func requireTansu() throws -> (tansu: String, library: LibRdKafka) {
        let library = try requireLibrary()
        guard library.versionNumber >= minimumVersionForTansu else {
            throw SetupError("librdkafka \(library.version) (\(library.path)) cannot talk to tansu; 2.2+ is needed. Run `eval \"$(scripts/kafka-test-env)\"` to use the one from the confluent-kafka wheel.")
        }
        guard let tansuPath else {
            throw SetupError("TANSU_BIN is not set to an executable tansu. Run `eval \"$(scripts/kafka-test-env)\"` first.")
        }
        return (tansuPath, library)
    }
}

struct SetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
