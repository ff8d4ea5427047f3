import Foundation
import LangfarmCore
import Testing
@testable import LangfarmKafka

/// The files under `deploy/` are the generated contract, byte for byte: changing a field
/// definition without regenerating them fails here. On a difference the expected text is
/// written to a temporary file, and the failure says how to copy it into place.
@Suite struct ShippedContractTests {
    private static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Compares `deploy/<path>` with `expected`; the problem to report, or nil when they match.
    private func difference(at path: String, expected: String) -> String? {
        let shipped = Self.repository.appendingPathComponent("deploy").appendingPathComponent(path)
        if (try? String(contentsOf: shipped, encoding: .utf8)) == expected { return nil }
        let generated = FileManager.default.temporaryDirectory.appendingPathComponent("langfarm-contract")
            .appendingPathComponent(path)
        do {
            try FileManager.default.createDirectory(at: generated.deletingLastPathComponent(), withIntermediateDirectories: true)
            try expected.write(to: generated, atomically: true, encoding: .utf8)
        } catch {
            return "deploy/\(path) is missing or stale, and writing the generated text failed: \(error)"
        }
        return "deploy/\(path) is missing or stale. The generated text is in \(generated.path): cp \(generated.path) \(shipped.path)"
    }

    @Test(arguments: EntityKind.allCases)
    func flinkJobIsTheGeneratedOne(kind: EntityKind) {
        let problem = difference(at: "flink/\(LakeContract.flinkSQLFileName(kind: kind))", expected: LakeContract.flinkSQL(kind: kind))
        #expect(problem == nil, "\(problem ?? "")")
    }

    @Test(arguments: EntityKind.allCases)
    func jsonSchemaIsTheGeneratedOne(kind: EntityKind) {
        let problem = difference(at: "contract/\(LakeContract.jsonSchemaFileName(kind: kind))", expected: LakeContract.jsonSchema(kind: kind))
        #expect(problem == nil, "\(problem ?? "")")
    }

    /// The messages `deploy/check/flink_json_check.py` feeds to Flink's JSON reader.
    @Test(arguments: EntityKind.allCases)
    func sampleMessagesAreTheEncodersOutput(kind: EntityKind) {
        let problem = difference(
            at: "check/messages/\(LakeTopics.baseName(of: kind)).jsonl", expected: ContractSamples.messageLines(of: kind)
        )
        #expect(problem == nil, "\(problem ?? "")")
    }
}
