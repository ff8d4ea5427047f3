import Testing
@testable import LangfarmCore

/// Each merge rule on its own: what a newer field does to the record's field.
@Suite struct FieldMergeRulesTests {
    /// `rule` applied to `record` with `newer`.
    static func merged<Value>(_ record: Field<Value>, _ newer: Field<Value>, by rule: (inout Field<Value>, Field<Value>) -> Void) -> Field<Value> {
        var record = record
        rule(&record, newer)
        return record
    }

    @Test func lastWinsTakesValuesAndNullsButNotAbsence() {
        let rule = { (record: inout Field<String>, newer: Field<String>) in record.lastWins(newer) }
        #expect(Self.merged(.value("a"), .value("b"), by: rule) == .value("b"))
        #expect(Self.merged(.value("a"), .null, by: rule) == .null)
        #expect(Self.merged(.value("a"), .absent, by: rule) == .value("a"))
        #expect(Self.merged(.null, .absent, by: rule) == .null)
        #expect(Self.merged(.absent, .null, by: rule) == .null)
    }

    @Test func keepFirstKeepsTheFirstNonNullValue() {
        let rule = { (record: inout Field<String>, newer: Field<String>) in record.keepFirst(newer) }
        #expect(Self.merged(.value("a"), .value("b"), by: rule) == .value("a"))
        #expect(Self.merged(.value("a"), .null, by: rule) == .value("a"))
        #expect(Self.merged(.null, .value("b"), by: rule) == .value("b"), "a null fixes nothing")
        #expect(Self.merged(.absent, .value("b"), by: rule) == .value("b"))
        #expect(Self.merged(.absent, .null, by: rule) == .null)
    }

    @Test func lastNonNullIgnoresNulls() {
        let rule = { (record: inout Field<String>, newer: Field<String>) in record.lastNonNull(newer) }
        #expect(Self.merged(.value("a"), .value("b"), by: rule) == .value("b"))
        #expect(Self.merged(.value("a"), .null, by: rule) == .value("a"))
        #expect(Self.merged(.absent, .null, by: rule) == .absent)
        #expect(Self.merged(.value("a"), .absent, by: rule) == .value("a"))
    }

    @Test func emptyObjectsNeverOverwrite() {
        let rule = { (record: inout Field<[String: Double]>, newer: Field<[String: Double]>) in record.lastNonEmptyObject(newer) }
        #expect(Self.merged(.value(["input": 1]), .value([:]), by: rule) == .value(["input": 1]))
        #expect(Self.merged(.absent, .value([:]), by: rule) == .absent, "not even a column no event set")
        #expect(Self.merged(.value(["input": 1]), .value(["output": 2]), by: rule) == .value(["output": 2]), "a non-empty object replaces")
        #expect(Self.merged(.value(["input": 1]), .null, by: rule) == .null)
        #expect(Self.merged(.value(["input": 1]), .absent, by: rule) == .value(["input": 1]))
    }

    @Test(arguments: [JSONValue.string(""), .number(0), .bool(false)])
    func falsyValuesNeverOverwrite(falsy: JSONValue) {
        let rule = { (record: inout Field<JSONValue>, newer: Field<JSONValue>) in record.lastTruthy(newer) }
        #expect(Self.merged(.value("kept"), .value(falsy), by: rule) == .value("kept"))
        #expect(Self.merged(.absent, .value(falsy), by: rule) == .absent)
    }

    @Test(arguments: [JSONValue.string("x"), .number(-1), .bool(true), .object([:]), .array([])])
    func truthyValuesOverwrite(truthy: JSONValue) {
        let rule = { (record: inout Field<JSONValue>, newer: Field<JSONValue>) in record.lastTruthy(newer) }
        #expect(Self.merged(.value("old"), .value(truthy), by: rule) == .value(truthy))
    }

    @Test func lastTruthyIgnoresNulls() {
        let rule = { (record: inout Field<JSONValue>, newer: Field<JSONValue>) in record.lastTruthy(newer) }
        #expect(Self.merged(.value("kept"), .null, by: rule) == .value("kept"))
        #expect(Self.merged(.absent, .null, by: rule) == .absent)
    }

    @Test func metadataDeepMerges() {
        let rule = { (record: inout Field<[String: JSONValue]>, newer: Field<[String: JSONValue]>) in record.deepMerge(newer) }
        let record: Field<[String: JSONValue]> = .value(TestEvents.object(#"{"a":{"x":1,"n":{"p":1}},"b":[1],"c":"c","d":{"k":1}}"#))
        let newer: Field<[String: JSONValue]> = .value(TestEvents.object(#"{"a":{"y":2,"n":{"q":2}},"b":[2],"c":{"o":1},"d":null,"e":5}"#))
        #expect(Self.merged(record, newer, by: rule) == .value(TestEvents.object(
            #"{"a":{"x":1,"y":2,"n":{"p":1,"q":2}},"b":[2],"c":{"o":1},"d":null,"e":5}"#
        )), "objects merge at every depth; anything else, null included, is replaced")
        #expect(Self.merged(record, .value([:]), by: rule) == record)
        #expect(Self.merged(record, .absent, by: rule) == record)
        #expect(Self.merged(record, .null, by: rule) == .null)
        #expect(Self.merged(.absent, newer, by: rule) == newer)
        #expect(Self.merged(.null, newer, by: rule) == newer)
    }

    @Test func tagsAreTheSortedUnion() {
        let rule = { (record: inout Field<[String]>, newer: Field<[String]>) in record.unionTags(newer) }
        #expect(Self.merged(.value(["b", "a"]), .value(["c", "a"]), by: rule) == .value(["a", "b", "c"]))
        #expect(Self.merged(.absent, .value(["b", "a", "b"]), by: rule) == .value(["a", "b"]), "even one event's tags are sorted and unique")
        #expect(Self.merged(.value(["a"]), .null, by: rule) == .value(["a"]), "a null adds none")
        #expect(Self.merged(.absent, .null, by: rule) == .absent)
    }
}
