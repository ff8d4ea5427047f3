import Testing
import Foundation
import LangfarmStore

/// Every store implementation the conformance suite runs against. A new store adds a case
/// here and must pass every test unchanged (as Jaeger runs one storage suite on every backend).
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite

    var testDescription: String { rawValue }

    /// A fresh, empty store, plus a way to open it again (to prove durability across reopen).
    /// With a `changeEncoder`, the store can record its row changes in the outbox.
    func makeStore(changeEncoder: (any ChangeEncoder)? = nil) async throws -> (store: any Store, reopen: @Sendable () async throws -> any Store) {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("langfarm-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent("langfarm.sqlite").path
            return (try await SQLiteStore.open(path: path, changeEncoder: changeEncoder), { try await SQLiteStore.open(path: path, changeEncoder: changeEncoder) })
        }
    }
}
