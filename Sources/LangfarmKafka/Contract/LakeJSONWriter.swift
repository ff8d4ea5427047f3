import Foundation
import LangfarmCore

/// Writes a lake message's JSON straight into bytes.
///
/// The encoder runs inside the store's write transaction for every changed row, so it avoids
/// building a `JSONValue` tree, `JSONSerialization`, locale-aware formatters and `Double`
/// conversions of money: numbers and times are written digit by digit, decimals from their own
/// exact text.
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

    /// A decimal as a plain JSON number from its exact text: `Decimal.description` never uses
    /// an exponent and is not locale-dependent. NaN (which no cost arithmetic produces) is `null`.
    mutating func writeDecimal(_ value: Decimal) {
        guard !value.isNaN else { return writeNull() }
        bytes.append(contentsOf: value.description.utf8)
    }

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
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            // Copy the runs between escapes in one go: most strings have none.
            var runStart = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                appendEscape(for: byte)
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscape(for byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        default:
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            bytes.append(Self.hexDigits[Int(byte >> 4)])
            bytes.append(Self.hexDigits[Int(byte & 0xF)])
        }
    }

    /// Decimal digits of `value`, left-padded with zeros to `minimumWidth`.
    private mutating func writeDigits(_ value: UInt64, minimumWidth: Int) {
        var divisor: UInt64 = 1
        var width = 1
        while divisor <= value / 10 {
            divisor *= 10
            width += 1
        }
        for _ in width..<max(width, minimumWidth) {
            bytes.append(UInt8(ascii: "0"))
        }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    private static let nullLiteral = Array("null".utf8)
    private static let trueLiteral = Array("true".utf8)
    private static let falseLiteral = Array("false".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)
}
