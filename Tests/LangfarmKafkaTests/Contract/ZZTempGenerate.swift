import Foundation
import LangfarmCore
import Testing
@testable import LangfarmKafka

@Test func zzTempGenerateDeployFiles() throws {
    let root = URL(fileURLWithPath: "/work/main/deploy")
    try FileManager.default.createDirectory(at: root.appendingPathComponent("flink"), withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: root.appendingPathComponent("contract"), withIntermediateDirectories: true)
    for kind in EntityKind.allCases {
        try LakeContract.flinkSQL(kind: kind).write(to: root.appendingPathComponent("flink/\(LakeContract.flinkSQLFileName(kind: kind))"), atomically: true, encoding: .utf8)
        try LakeContract.jsonSchema(kind: kind).write(to: root.appendingPathComponent("contract/\(LakeContract.jsonSchemaFileName(kind: kind))"), atomically: true, encoding: .utf8)
    }
}
