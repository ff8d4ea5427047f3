import Foundation
import LangfarmCore
import Testing
@testable import LangfarmKafka

/// The files under `deploy/` are the generated contract, byte for byte: changing a field
/// definition without regenerating them fails here.
@Suite struct ShippedContractTests {
    private static let deploy = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("deploy")

    private func shipped(_ folder: String, _ name: String) throws -> String {
        let url = Self.deploy.appendingPathComponent(folder).appendingPathComponent(name)
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Test(arguments: EntityKind.allCases)
    func flinkJobIsTheGeneratedOne(kind: EntityKind) throws {
        let name = LakeContract.flinkSQLFileName(kind: kind)
        #expect(
            try shipped("flink", name) == LakeContract.flinkSQL(kind: kind),
            "deploy/flink/\(name) differs from the contract: regenerate it with `langfarm contract`"
        )
    }

    @Test(arguments: EntityKind.allCases)
    func jsonSchemaIsTheGeneratedOne(kind: EntityKind) throws {
        let name = LakeContract.jsonSchemaFileName(kind: kind)
        #expect(
            try shipped("contract", name) == LakeContract.jsonSchema(kind: kind),
            "deploy/contract/\(name) differs from the contract: regenerate it with `langfarm contract`"
        )
    }
}
