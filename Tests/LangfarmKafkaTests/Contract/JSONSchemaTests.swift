import Foundation
import LangfarmCore
import LangfarmStore
import Testing
@testable import LangfarmKafka

@Suite struct JSONSchemaTests {
    private func message(_ change: RowChange) throws -> JSONValue {
        try JSONValue.parse(Data(LakeMessageEncoder().messageValue(for: change, version: 7).utf8))
    }

    @Test(arguments: ContractSamples.changes)
    func everyEncodedMessageValidates(change: RowChange) throws {
        #expect(try SchemaValidator.contract(for: change.kind).errors(in: message(change)) == [])
    }

    @Test(arguments: EntityKind.allCases)
    func schemaRequiresEveryFieldAndAllowsNoOther(kind: EntityKind) throws {
        let schema = try JSONValue.parse(Data(LakeContract.jsonSchema(kind: kind).utf8))
        let names = LakeContract.columns(of: kind).map { JSONValue.string($0.name) }
        #expect(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema")
        #expect(schema["required"] == .array(names))
        #expect(schema["additionalProperties"] == false)
        #expect(schema["properties"]?.objectValue?.count == names.count)
    }

    @Test func nullabilityFollowsTheRowTypes() throws {
        let properties = try #require(JSONValue.parse(Data(LakeContract.jsonSchema(kind: .trace).utf8))["properties"])
        #expect(properties["id"]?["type"] == "string")
        #expect(properties["name"]?["type"] == ["string", "null"])
        #expect(properties["timestamp"]?["pattern"] == .string(JSONSchemaGenerator.timestampPattern))
        #expect(properties["tags"]?["items"] == ["type": "string"])
    }

    /// The validator is not vacuous: each kind of contract break is caught.
    @Test func brokenMessagesFail() throws {
        let validator = try SchemaValidator.contract(for: .trace)
        let good = try #require(message(.trace(ContractSamples.fullTrace, deleted: false)).objectValue)
        let breaks: [(String, [String: JSONValue])] = [
            ("extra field", good.merging(["external_id": "x"]) { $1 }),
            ("missing field", good.filter { $0.key != "name" }),
            ("offset timestamp", good.merging(["timestamp": "2026-11-25T10:00:00.123+00:00"]) { $1 }),
            ("null in NOT NULL", good.merging(["id": .null]) { $1 }),
            ("number as string", good.merging(["row_version": "7"]) { $1 }),
            ("fractional integer", good.merging(["row_version": 7.5]) { $1 }),
            ("bad row kind", good.merging(["row_kind": "+U"]) { $1 }),
            ("bad hour", good.merging(["hh": "24"]) { $1 }),
            ("input not JSON", good.merging(["input": "{not json"]) { $1 }),
            ("tag not a string", good.merging(["tags": [1]]) { $1 }),
        ]
        for (problem, broken) in breaks {
            #expect(!validator.errors(in: .object(broken)).isEmpty, "\(problem) was not caught")
        }
        let observationValidator = try SchemaValidator.contract(for: .observation)
        var observation = try #require(message(.observation(ContractSamples.generation, deleted: false)).objectValue)
        observation["usage_details"] = ["input": 1.5]
        #expect(!observationValidator.errors(in: .object(observation)).isEmpty, "fractional usage was not caught")
    }
}
