import Foundation
import LangfarmCore

/// Writes a lake message's JSON straight into bytes.
///
/// The encoder runs for every changed row the relay publishes (thousands a second under load,
/// on the same cores as ingestion), so it avoids building a `JSONValue` tree for the message,
/// `JSONSerialization`, locale-aware formatters and `Double` conversions of money: numbers and
/// times are written digit by digit, decimals from their significand and exponent. (The
/// JSON-text fields are the one exception: their text is `JSONValue.jsonText`, the form the
/// rest of Langfarm stores.)
struct LakeJSONWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func append(_ byte: UInt8) {
        bytes.append(byte)
    }

    /// Pre-encoded text such as a field's `"name":` prefix.
    mutating func append(_ raw: [UInt8]) {
        bytes.append(contentsOf: raw)
    }

    mutating func writeNull() {
        bytes.append(contentsOf: Self.nullLiteral)
    }

    mutating func writeBoolean(_ value: Bool) {
        bytes.append(contentsOf: value ? Self.trueLiteral : Self.falseLiteral)
    }

    mutating func writeInteger(_ value: Int64) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
        }
        writeDigits(value.magnitude, minimumWidth: 1)
    }

    /// Whole numbers without a fraction (`3`, not `3.0`); others in Swift's shortest
    /// round-tripping form, which JSON accepts (`0.25`, `1e-07`). Not finite: `null`.
    mutating func writeDouble(_ value: Double) {
        guard value.isFinite else { return writeNull() }
        if value == value.rounded(), abs(value) < 1e15 {
            writeInteger(Int64(value))
        } else {
            bytes.append(contentsOf: "\(value)".utf8)
        }
    }

    /// A decimal as a plain JSON number, exactly, without exponent, in the same canonical form
    /// as `Decimal.description` (no trailing fractional zeros). `description` costs microseconds
    /// per value and a generation carries a dozen, so a decimal whose digits fit 64 bits (every
    /// realistic cost and price) is written from its significand and exponent instead. NaN
    /// (which no cost arithmetic produces) is `null`.
    mutating func writeDecimal(_ value: Decimal) {
        guard !value.isNaN else { return writeNull() }
        let significand = NSDecimalNumber(decimal: value.significand)
        // Only a range check (far from 2^64, so rounding cannot matter), not the value: comparing
        // two decimals costs more than the conversion.
        guard significand.doubleValue < 1e19 else {
            return bytes.append(contentsOf: value.description.utf8)
        }
        var digits = significand.uint64Value
        var exponent = value.exponent
        while exponent < 0, digits != 0, digits % 10 == 0 {
            digits /= 10
            exponent += 1
        }
        guard digits != 0 else { return bytes.append(UInt8(ascii: "0")) }
        if value.sign == .minus { bytes.append(UInt8(ascii: "-")) }
        guard exponent < 0 else {
            writeDigits(digits, minimumWidth: 1)
            return bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: exponent))
        }
        let fractionDigits = UInt64(-exponent)
        guard fractionDigits < 20 else {
            // Every digit is a fraction digit.
            bytes.append(UInt8(ascii: "0"))
            bytes.append(UInt8(ascii: "."))
            return writeDigits(digits, minimumWidth: Int(fractionDigits))
        }
        let scale = Self.powersOfTen[Int(fractionDigits)]
        writeDigits(digits / scale, minimumWidth: 1)
        bytes.append(UInt8(ascii: "."))
        writeDigits(digits % scale, minimumWidth: Int(fractionDigits))
    }

    /// 10^0 … 10^19.
    private static let powersOfTen: [UInt64] = (0...19).map { (0..<$0).reduce(UInt64(1)) { power, _ in power * 10 } }

    /// `yyyy-MM-ddTHH:mm:ss.SSSZ` in UTC, the shape Flink's ISO-8601 `TIMESTAMP_LTZ` reads.
    mutating func writeTimestamp(_ millis: EpochMillis) {
        let civil = CivilTime(millis)
        bytes.append(UInt8(ascii: "\""))
        writeDigits(UInt64(max(civil.year, 0)), minimumWidth: 4)
        bytes.append(UInt8(ascii: "-"))
        writeDigits(UInt64(civil.month), minimumWidth: 2)
        bytes.append(UInt8(ascii: "-"))
        writeDigits(UInt64(civil.day), minimumWidth: 2)
        bytes.append(UInt8(ascii: "T"))
        writeDigits(UInt64(civil.hour), minimumWidth: 2)
        bytes.append(UInt8(ascii: ":"))
        writeDigits(UInt64(civil.minute), minimumWidth: 2)
        bytes.append(UInt8(ascii: ":"))
        writeDigits(UInt64(civil.second), minimumWidth: 2)
        bytes.append(UInt8(ascii: "."))
        writeDigits(UInt64(civil.millisecond), minimumWidth: 3)
        bytes.append(UInt8(ascii: "Z"))
        bytes.append(UInt8(ascii: "\""))
    }

    /// A JSON string, escaping quotes, backslashes and control characters as JSON requires.
    mutating func writeString(_ string: String) {
        JSONValue.writeEscaped(string, to: &bytes)
    }

    /// Decimal digits of `value`, left-padded with zeros to `minimumWidth`.
    private mutating func writeDigits(_ value: UInt64, minimumWidth: Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            // Filled from the end, so the digits can be appended in one go; dividing by the
            // constant 10 compiles to a multiplication.
            var start = buffer.count
            var rest = value
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest != 0
            let count = buffer.count - start
            if minimumWidth > count {
                bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: minimumWidth - count))
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }

    private static let nullLiteral = Array("null".utf8)
    private static let trueLiteral = Array("true".utf8)
    private static let falseLiteral = Array("false".utf8)
}
