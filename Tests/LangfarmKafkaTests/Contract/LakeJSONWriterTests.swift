import Foundation
import LangfarmCore
import Testing
@testable import LangfarmKafka

@Suite struct LakeJSONWriterTests {
    private func decimalText(_ value: Decimal) -> String {
        var writer = LakeJSONWriter(capacity: 64)
        writer.writeDecimal(value)
        return writer.text
    }

    @Test func decimalsAreExactPlainNumbers() {
        let cases: [(String, String)] = [
            ("0.000000300000", "0.0000003"), ("0", "0"), ("0.000", "0"), ("-0.5", "-0.5"), ("12.5", "12.5"), ("1500", "1500"),
            ("1e30", "1000000000000000000000000000000"), ("1e-20", "0.00000000000000000001"),
            ("123456.123457089012", "123456.123457089012"), ("340282366920938463463374607431768211455", "340282366920938463463374607431768211455"),
            ("-0.000000000001", "-0.000000000001"), ("100.10", "100.1"),
            ("1e-30", "0.000000000000000000000000000001"), ("-1.5e-25", "-0.00000000000000000000000015"),
            ("0.1234567890123456789", "0.1234567890123456789"), ("12345678901234567890.5", "12345678901234567890.5"),
        ]
        for (input, expected) in cases {
            #expect(decimalText(Decimal(string: input)!) == expected, "\(input)")
        }
        #expect(decimalText(.nan) == "null")
    }

    /// The fast path writes what `Decimal.description` would, for values across the whole range:
    /// sums and products as cost arithmetic makes them, and parsed texts of every length.
    @Test func decimalsMatchFoundationsDescription() {
        var generator = SystemRandomNumberGenerator()
        var values: [Decimal] = []
        for _ in 0..<2000 {
            let digits = String((0..<Int.random(in: 1...38, using: &generator)).map { _ in "0123456789".randomElement(using: &generator)! })
            let point = Int.random(in: 0...digits.count, using: &generator)
            let text = (Bool.random(using: &generator) ? "-" : "") + digits.prefix(point) + "." + digits.dropFirst(point) + "0"
            values.append(Decimal(string: text)!)
        }
        let price = Decimal(string: "0.0000025")!
        for tokens in stride(from: 0, to: 1_000_000, by: 7919) {
            values.append(price * Decimal(tokens) + Decimal(string: "0.00001")! * Decimal(tokens / 3))
        }
        for value in values {
            #expect(decimalText(value) == value.description, "\(value)")
        }
    }

    @Test func doublesAreShortestJSONNumbers() {
        for (value, expected) in [(3.0, "3"), (0.875, "0.875"), (-2.5, "-2.5"), (1e-7, "1e-07"), (Double.nan, "null"), (.infinity, "null")] {
            var writer = LakeJSONWriter(capacity: 16)
            writer.writeDouble(value)
            #expect(writer.text == expected)
        }
    }

    @Test func integersCoverTheWholeRange() {
        for value in [Int64.min, -1, 0, 7, Int64.max] {
            var writer = LakeJSONWriter(capacity: 24)
            writer.writeInteger(value)
            #expect(writer.text == String(value))
        }
    }
}
