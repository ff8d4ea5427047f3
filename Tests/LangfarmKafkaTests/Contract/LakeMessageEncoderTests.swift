import Foundation
import LangfarmCore
import LangfarmStore
import Testing
@testable import LangfarmKafka

@Suite struct LakeMessageEncoderTests {
    let encoder = LakeMessageEncoder()

    private func encode(_ change: RowChange, version: Int64 = 42) throws -> (text: String, fields: [String: JSONValue]) {
        let text = encoder.messageValue(for: change, version: version)
        let fields = try #require(JSONValue.parse(Data(text.utf8)).objectValue, "not a JSON object: \(text)")
        return (text, fields)
    }

    /// The names as they appear in the message text, in order.
    private func orderedNames(in text: String, of kind: EntityKind) -> [String] {
        let names = LakeContract.columns(of: kind).map(\.name)
        return names.sorted { text.range(of: "\"\($0)\":")!.lowerBound < text.range(of: "\"\($1)\":")!.lowerBound }
    }

    @Test(arguments: ContractSamples.changes)
    func everyDefinedFieldIsSentAndNothingElse(change: RowChange) throws {
        let message = try encode(change)
        let names = LakeContract.columns(of: change.kind).map(\.name)
        #expect(Set(message.fields.keys) == Set(names))
        #expect(message.fields.count == names.count)
        #expect(orderedNames(in: message.text, of: change.kind) == names)
    }

    @Test(arguments: ContractSamples.changes)
    func sharedFieldsCarryIdentityPartitionAndVersion(change: RowChange) throws {
        let message = try encode(change, version: 9_007_199_254_740_993)
        #expect(message.fields["id"] == .string(change.entityId))
        #expect(message.fields["project_id"] == .string("project-1"))
        #expect(message.fields["created_at"] == "2026-11-25T10:00:00.123Z")
        #expect(message.fields["dt"] == "2026-11-25")
        #expect(message.fields["hh"] == "10")
        #expect(message.fields["is_deleted"] == .bool(change.isDeleted))
        #expect(message.fields["row_kind"] == (change.isDeleted ? "-D" : "+I"))
        // Versions beyond 2^53 survive: the text is written from the Int64, not a Double.
        #expect(message.text.contains("\"row_version\":9007199254740993,"))
    }

    @Test func deletedRowCarriesItsLastState() throws {
        let message = try encode(.trace(ContractSamples.fullTrace, deleted: true))
        #expect(message.fields["is_deleted"] == true)
        #expect(message.fields["row_kind"] == "-D")
        #expect(message.fields["name"] == "chat")
        #expect(message.fields["tags"] == ["a", "b \"quoted\""])
    }

    @Test func traceFields() throws {
        let message = try encode(.trace(ContractSamples.fullTrace, deleted: false))
        #expect(message.fields["timestamp"] == "2026-11-25T10:00:00.123Z")
        #expect(message.fields["updated_at"] == "2026-11-26T08:30:05.007Z")
        #expect(message.fields["environment"] == "production")
        #expect(message.fields["user_id"] == "user-1")
        #expect(message.fields["session_id"] == "session-1")
        #expect(message.fields["release"] == "v1.2")
        #expect(message.fields["public"] == true)
        #expect(message.fields["bookmarked"] == true)
        let metadata = try #require(message.fields["metadata"]?.stringValue)
        #expect(JSONValue.parseStored(metadata) == .object(ContractSamples.fullTrace.metadata))
        #expect(message.fields["input"]?.stringValue == #"{"question":"Why \"quotes\"\\?"}"#)
        #expect(message.fields["output"]?.stringValue == #""plain text é 日本""#)
    }

    @Test func absentValuesAreNullAndEmptyCollectionsStayCollections() throws {
        let message = try encode(.trace(ContractSamples.minimalTrace, deleted: false))
        for name in ["name", "user_id", "session_id", "release", "version", "input", "output"] {
            #expect(message.fields[name] == .null, "\(name)")
        }
        #expect(message.fields["tags"] == [])
        #expect(message.fields["metadata"] == "{}")
        #expect(message.fields["environment"] == "default")
        #expect(message.fields["public"] == false)
    }

    @Test func generationFieldsIncludeTheOriginalLangfarmNames() throws {
        let message = try encode(.observation(ContractSamples.generation, deleted: false))
        #expect(message.fields["trace_id"] == "trace-1")
        #expect(message.fields["parent_observation_id"] == "span-1")
        #expect(message.fields["type"] == "GENERATION")
        #expect(message.fields["start_time"] == "2026-11-25T10:00:00.123Z")
        #expect(message.fields["end_time"] == "2026-11-26T08:30:05.007Z")
        #expect(message.fields["completion_start_time"] == "2026-11-25T10:00:00.373Z")
        #expect(message.fields["level"] == "WARNING")
        #expect(message.fields["model"] == "gpt-4o")
        #expect(message.fields["modelParameters"] == #"{"max_tokens":100,"temperature":0.7}"#)
        #expect(message.fields["input"] == #"[{"content":"hi","role":"user"}]"#)
        #expect(message.fields["internal_model_id"] == "model-gpt-4o")
        #expect(message.fields["usage_pricing_tier_id"] == "tier-1")
        #expect(message.fields["usage_pricing_tier_name"] == "large context")
        #expect(message.fields["prompt_tokens"] == 1200)
        #expect(message.fields["completion_tokens"] == 300)
        #expect(message.fields["total_tokens"] == 1500)
        #expect(message.fields["prompt_name"] == "greeting")
        #expect(message.fields["prompt_version"] == 7)
        #expect(message.fields["prompt_mame"] == nil)
        #expect(message.text.contains(#""usage_details":{"input":1200,"input_cached_tokens":100,"output":300,"total":1500}"#))
        #expect(message.text.contains(#""provided_usage_details":{"input":1200,"output":300}"#))
    }

    @Test func decimalsAreWrittenExactlyWithoutExponent() throws {
        let message = try encode(.observation(ContractSamples.generation, deleted: false))
        #expect(message.text.contains(#""cost_details":{"input":0.0000003,"output":123456.123456789012,"total":123456.123457089012}"#))
        #expect(message.text.contains(#""total_cost":123456.123457089012,"#))
        #expect(message.text.contains(#""calculated_input_cost":0.0000003,"#))
        #expect(message.text.contains(#""calculated_output_cost":123456.123456789012,"#))
        #expect(message.text.contains(#""calculated_total_cost":123456.123457089012,"#))
        #expect(message.text.contains(#""input_price":0.0000025,"output_price":0.00001,"total_price":null,"#))
        #expect(message.text.contains(#""provided_cost_details":{"input":0.0000025}"#))
        #expect(message.text.contains(#""input_cost":0.0000025,"output_cost":null,"#))
        #expect(message.text.firstMatch(of: /[0-9][eE][-+]?[0-9]/) == nil)
    }

    @Test func minimalSpanHasNullUsageAndCost() throws {
        let message = try encode(.observation(ContractSamples.minimalSpan, deleted: false))
        for name in ["prompt_tokens", "total_cost", "calculated_total_cost", "internal_model_id", "end_time", "model", "modelParameters", "prompt_version"] {
            #expect(message.fields[name] == .null, "\(name)")
        }
        #expect(message.fields["usage_details"] == [:])
        #expect(message.fields["cost_details"] == [:])
        #expect(message.fields["level"] == "DEFAULT")
    }

    @Test func scoreFields() throws {
        let numeric = try encode(.score(ContractSamples.numericScore, deleted: false))
        #expect(numeric.text.contains(#""value":0.875,"#))
        #expect(numeric.fields["source"] == "EVAL")
        #expect(numeric.fields["observation_id"] == "generation-1")
        #expect(numeric.fields["execution_trace_id"] == "trace-9")
        let categorical = try encode(.score(ContractSamples.sessionScore, deleted: false))
        #expect(categorical.fields["value"] == .null)
        #expect(categorical.fields["string_value"] == "high")
        #expect(categorical.fields["trace_id"] == .null)
        #expect(categorical.fields["session_id"] == "session-1")
    }

    @Test func timestampsAreUTCWithMillisecondsAndUppercaseZ() throws {
        var trace = ContractSamples.minimalTrace
        for (millis, text) in [(EpochMillis(0), "1970-01-01T00:00:00.000Z"), (951_782_400_005, "2000-02-29T00:00:00.005Z"),
                               (253_402_300_799_999, "9999-12-31T23:59:59.999Z")] {
            trace.timestamp = millis
            #expect(try encode(.trace(trace, deleted: false)).fields["timestamp"] == .string(text))
        }
    }

    @Test func controlCharactersAreEscaped() throws {
        var trace = ContractSamples.minimalTrace
        trace.name = "tab\there\u{01}\r\n\"\\"
        let message = try encode(.trace(trace, deleted: false))
        #expect(message.text.contains(#""name":"tab\there\u0001\r\n\"\\""#))
        #expect(message.fields["name"] == .string("tab\there\u{01}\r\n\"\\"))
    }

    @Test func usageCountsAreWholeNumbers() {
        #expect(wholeNumber(12.4) == 12)
        #expect(wholeNumber(1e30) == .max)
        #expect(wholeNumber(.nan) == 0)
    }
}
