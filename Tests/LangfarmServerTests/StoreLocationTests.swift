import Foundation
import LangfarmServer
import Logging
import Testing

/// The store a server or CLI command opens is chosen by the database URL: none means the
/// embedded store in the data directory, `postgres://…` the shared one, which needs `SALT`.
@Suite struct StoreLocationTests {
    let logger = Logger(label: "store-location-tests")

    @Test func withoutADatabaseURLTheStoreIsTheEmbeddedOneInTheDataDirectory() throws {
        for url in [nil, ""] as [String?] {
            let location = try StoreLocation(databaseURL: url, dataDirectory: "/data/langfarm")
            guard case .embedded(let directory) = location else {
                Issue.record("\(String(describing: url)) chose \(location)")
                continue
            }
            #expect(directory.path == "/data/langfarm")
            #expect(location.description == "/data/langfarm/langfarm.sqlite")
        }
    }

    @Test func aPostgresURLChoosesTheSharedStoreAndItsDescriptionHidesThePassword() throws {
        let location = try StoreLocation(databaseURL: "postgres://app:s3cret@db.internal:6432/langfarm", dataDirectory: "/unused")
        guard case .postgres = location else { Issue.record("chose \(location)"); return }
        #expect(location.description.contains("db.internal:6432/langfarm"))
        #expect(!location.description.contains("s3cret"))
    }

    @Test(arguments: ["mysql://root@localhost/db", "postgres://", "db.internal:5432/langfarm", "postgres://app@host:notaport/db"])
    func aURLThatIsNotAPostgresOneIsRefusedSayingWhy(url: String) {
        #expect {
            _ = try StoreLocation(databaseURL: url, dataDirectory: "/unused")
        } throws: { error in
            "\(error)".contains("postgres://user:password@host:5432/database")
        }
    }

    @Test func theSharedStoreRequiresSALTBecauseEveryServerMustHashKeysAlike() throws {
        let location = try StoreLocation(databaseURL: "postgres://app:pw@db/langfarm", dataDirectory: "/unused")
        #expect {
            _ = try location.salt(environment: [:], logger: logger)
        } throws: { error in
            "\(error)".contains("SALT is not set")
        }
        #expect(try location.salt(environment: ["SALT": "shared"], logger: logger) == "shared")
    }

    @Test func theEmbeddedStoreGeneratesASaltOnceAndKeepsItInTheDataDirectory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("langfarm-salt-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let location = try StoreLocation(databaseURL: nil, dataDirectory: directory)
        let generated = try location.salt(environment: [:], logger: logger)
        #expect(generated.count >= 32)
        #expect(try location.salt(environment: [:], logger: logger) == generated)
        #expect(try location.salt(environment: ["SALT": "explicit"], logger: logger) == "explicit")
    }
}
