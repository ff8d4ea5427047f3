import Testing
@testable import LangfarmCore

@Suite struct FilterFormRowTests {
    @Test func rowsBecomeTheAPIsTypedConditions() throws {
        let conditions: [FilterCondition<TraceColumn>] = try FilterFormRow.conditions([
            FilterFormRow(column: "User ID", operator: "=", value: "u-1"),
            FilterFormRow(column: "environment", operator: "any of", value: "production, staging ,"),
            FilterFormRow(column: "tags", operator: "all of", value: "a,b"),
            FilterFormRow(column: "totalCost", operator: ">=", value: " 0.5 "),
            FilterFormRow(column: "timestamp", operator: ">", value: "2026-12-01"),
            FilterFormRow(column: "metadata", operator: "contains", value: "x", key: "region"),
            FilterFormRow(column: "bookmarked", operator: "=", value: "TRUE"),
            FilterFormRow(column: "release", operator: "is null", value: ""),
            FilterFormRow(column: "", operator: "=", value: "ignored: the form's empty row"),
        ])
        #expect(conditions == [
            FilterCondition(column: .userId, type: .string, operator: .equals, value: .string("u-1")),
            FilterCondition(column: .environment, type: .stringOptions, operator: .anyOf, value: .strings(["production", "staging"])),
            FilterCondition(column: .tags, type: .arrayOptions, operator: .allOf, value: .strings(["a", "b"])),
            FilterCondition(column: .totalCost, type: .number, operator: .greaterThanOrEqual, value: .number(0.5)),
            FilterCondition(column: .timestamp, type: .datetime, operator: .greaterThan, value: .time(1_796_083_200_000)),
            FilterCondition(column: .metadata, type: .stringObject, operator: .contains, value: .string("x"), key: "region"),
            FilterCondition(column: .bookmarked, type: .boolean, operator: .equals, value: .bool(true)),
            FilterCondition(column: .release, type: .null, operator: .isNull, value: .none),
        ])
    }

    @Test func wrongRowsGetTheParsersMessages() {
        let cases: [(FilterFormRow, String)] = [
            (FilterFormRow(column: "nope", operator: "=", value: "x"), "unknown column 'nope'"),
            (FilterFormRow(column: "totalCost", operator: ">", value: "cheap"), "expected a number"),
            (FilterFormRow(column: "name", operator: ">", value: "x"), "is not an operator of type string"),
            (FilterFormRow(column: "timestamp", operator: ">", value: "yesterday"), "is not an ISO 8601 date-time"),
            (FilterFormRow(column: "metadata", operator: "=", value: "x"), "key"),
            (FilterFormRow(column: "input", operator: "matches", value: "x"), "unknown column"),
        ]
        for (row, message) in cases {
            #expect(throws: QueryError.self, "\(row)") { try FilterFormRow.conditions([row], as: TraceColumn.self) }
            do {
                _ = try FilterFormRow.conditions([row], as: TraceColumn.self)
            } catch {
                #expect(error.description.contains(message), "\(error.description)")
            }
        }
    }
}
